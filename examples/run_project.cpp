// Runs a project as `landrenew run PROJECT -o OUT_DIR` does and prints the headline figures.
//   run_project geodata/huzhou-demo/project.toml /tmp/out
#include <cstdio>
#include <exception>

#include "landrenew/core/error.hpp"
#include "landrenew/core/units.hpp"
#include "landrenew/job.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: run_project PROJECT_FILE OUT_DIR\n");
    return 2;
  }
  try {
    landrenew::RunRequest request;
    request.project_file = argv[1];
    request.output_dir = argv[2];
    request.overwrite = true;
    request.log = [](const std::string& step) { std::fprintf(stderr, "%s\n", step.c_str()); };
    const landrenew::RunResult r = landrenew::run_job(request);  // OUT_DIR is complete once this returns
    if (r.analysis.freed)
      std::printf("freed %.2f mu in %zu records\n", landrenew::mu_from_m2(r.analysis.freed->total_m2),
                  r.analysis.freed->records_counted);
    std::printf("outputs in %s\n", argv[2]);
  } catch (const landrenew::Error& e) {  // e.kind() tells which input or output failed
    std::fprintf(stderr, "run_project: %s\n", e.what());
    return landrenew::exit_code(e.kind());
  }
}
