// Reads and validates the inputs of a project, as `landrenew check` does, and prints its report.
//   check_project geodata/huzhou-demo/project.toml
#include <cstdio>
#include <iostream>

#include "landrenew/config/project.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/pipeline/check.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: check_project PROJECT_FILE\n");
    return 2;
  }
  try {
    const landrenew::Project project = landrenew::load_project(argv[1]);
    const landrenew::CheckResult result = landrenew::run_check(project);
    landrenew::ReportOptions options;
    options.examples_per_kind = 0;  // counts only
    landrenew::write_check_report(std::cout, result, options);
  } catch (const landrenew::Error& e) {
    std::fprintf(stderr, "check_project: %s\n", e.what());
    return landrenew::exit_code(e.kind());
  }
}
