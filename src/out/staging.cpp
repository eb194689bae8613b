#include "landrenew/out/staging.hpp"

#include <cerrno>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string>
#include <sys/file.h>
#include <unistd.h>
#include <vector>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"

namespace landrenew::out {
namespace fs = std::filesystem;

namespace {
fs::path sibling(const fs::path& out, const char* tag) {
  const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  return parent / ("." + out.filename().string() + "." + tag + "-" + std::to_string(::getpid()));
}

// A folder whose run is over: its process is gone (kill(pid, 0) fails with ESRCH) and nobody holds the lock
// a running StagingDir keeps on its working folder (the lock also covers a run in another PID namespace).
bool abandoned(const fs::path& folder, pid_t pid) {
  if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) return false;
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool unlocked = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);
  return unlocked;
}

// A run killed mid-way (SIGKILL, power cut) leaves .NAME.tmp-PID beside OUT_DIR, and one killed between the
// two renames of commit()'s fallback leaves the previous result as .NAME.old-PID with no OUT_DIR: the
// first is removed, the second put back, once their run is over.
void clean_abandoned(const fs::path& out) {
  const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const std::string prefix = "." + out.filename().string() + ".";
  std::error_code ec;
  std::vector<std::pair<fs::path, bool>> found;  // (folder, is an .old- folder)
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() + 4 || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string tag = name.substr(prefix.size(), 4), digits = name.substr(prefix.size() + 4);
    if ((tag != "tmp-" && tag != "old-") || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (entry.is_directory(ec) && !entry.is_symlink(ec) && abandoned(entry.path(), std::stoi(digits)))
      found.emplace_back(entry.path(), tag == "old-");
  }
  for (const auto& [folder, is_old] : found) {
    if (is_old && !fs::exists(out, ec))
      fs::rename(folder, out, ec);
    else
      fs::remove_all(folder, ec);
  }
}
}  // namespace

StagingDir::StagingDir(const fs::path& out_dir, bool overwrite) : m_out(out_dir), m_overwrite(overwrite) {
  std::error_code ec;
  if (m_out.filename().empty()) m_out = m_out.parent_path();  // "out/" → "out"
  const ErrorContext where{.file = m_out.string()};
  clean_abandoned(m_out);
  if (fs::exists(m_out, ec)) {
    if (!fs::is_directory(m_out, ec))
      throw Error(ErrorKind::output, tr("exists and is not a folder; give a folder for the outputs"), where);
    if (!overwrite) throw Error(ErrorKind::output, tr("exists; specify --overwrite to replace it"), where);
  }
  const fs::path parent = m_out.parent_path().empty() ? fs::path(".") : m_out.parent_path();
  if (!fs::is_directory(parent, ec))
    throw Error(ErrorKind::output, tr("the folder it would be created in does not exist"), where);
  m_tmp = sibling(m_out, "tmp");
  fs::remove_all(m_tmp, ec);
  if (!fs::create_directory(m_tmp, ec))
    throw Error(ErrorKind::output, trf("cannot create a working folder beside it ({1})", ec.message()),
                where);
  // Held until this object goes away (or the process dies): tells another run that the folder is in use.
  m_lock = ::open(m_tmp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (m_lock >= 0) ::flock(m_lock, LOCK_EX | LOCK_NB);
}

StagingDir::~StagingDir() {
  if (!m_done) {
    std::error_code ec;
    fs::remove_all(m_tmp, ec);
  }
  if (m_lock >= 0) ::close(m_lock);
}

void StagingDir::commit() {
  std::error_code ec;
  const ErrorContext where{.file = m_out.string()};
  if (fs::exists(m_out, ec)) {
    // Swap the two folders in one step (Linux renameat2 RENAME_EXCHANGE): OUT_DIR always holds a complete
    // result.
    if (::renameat2(AT_FDCWD, m_tmp.c_str(), AT_FDCWD, m_out.c_str(), RENAME_EXCHANGE) == 0) {
      m_done = true;
      fs::remove_all(m_tmp, ec);  // now the previous outputs
      return;
    }
  }
  fs::path old;
  if (fs::exists(m_out, ec)) {
    old = sibling(m_out, "old");
    fs::remove_all(old, ec);
    fs::rename(m_out, old, ec);
    if (ec)
      throw Error(ErrorKind::output, trf("cannot move the previous outputs aside: {1}", ec.message()), where);
  }
  fs::rename(m_tmp, m_out, ec);
  if (ec) {
    std::error_code restore;
    if (!old.empty()) fs::rename(old, m_out, restore);
    throw Error(ErrorKind::output, trf("cannot move the new outputs into place: {1}", ec.message()), where);
  }
  m_done = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace landrenew::out
