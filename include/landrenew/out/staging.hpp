#pragma once
// Outputs are built in a temporary folder beside OUT_DIR and swapped in only when complete, so a failed or
// killed run never leaves a partial result and never damages the previous one.
#include <filesystem>

namespace landrenew::out {

class StagingDir {
 public:
  /// Refuses (Error output) an OUT_DIR that is a file, or that exists without `overwrite`; creates the
  /// temporary folder beside it. First removes the working folders that killed runs left beside OUT_DIR
  /// (.NAME.tmp-PID whose process is gone), and puts back a previous result a killed commit left aside.
  StagingDir(const std::filesystem::path& out_dir, bool overwrite);
  /// Removes the temporary folder unless commit() succeeded.
  ~StagingDir();
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;

  /// Where to write the outputs now.
  const std::filesystem::path& path() const noexcept { return m_tmp; }
  /// Moves the finished outputs into OUT_DIR: the old OUT_DIR is renamed aside first and removed only after
  /// the new one is in place.
  void commit();

 private:
  std::filesystem::path m_out;
  std::filesystem::path m_tmp;
  bool m_overwrite = false;
  bool m_done = false;
  int m_lock = -1;  ///< descriptor of the working folder, flock()ed while the run lives
};

}  // namespace landrenew::out
