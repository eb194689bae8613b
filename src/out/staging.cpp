#include "landrenew/out/staging.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "landrenew/error.hpp"

namespace landrenew::out {
namespace fs = std::filesystem;

namespace {
fs::path sibling(const fs::path& out, const char* tag) {
  const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  return parent / ("." + out.filename().string() + "." + tag + "-" + std::to_string(::getpid()));
}
}  // namespace

StagingDir::StagingDir(const fs::path& out_dir, bool overwrite) : m_out(out_dir), m_overwrite(overwrite) {
  std::error_code ec;
  if (m_out.filename().empty()) m_out = m_out.parent_path();  // "out/" → "out"
  const ErrorContext where{.file = m_out.string()};
  if (fs::exists(m_out, ec)) {
    if (!fs::is_directory(m_out, ec))
      throw Error(ErrorKind::output, "exists and is not a folder; give a folder for the outputs", where);
    if (!overwrite) throw Error(ErrorKind::output, "exists; specify --overwrite to replace it", where);
  }
  const fs::path parent = m_out.parent_path().empty() ? fs::path(".") : m_out.parent_path();
  if (!fs::is_directory(parent, ec))
    throw Error(ErrorKind::output, "the folder it would be created in does not exist", where);
  m_tmp = sibling(m_out, "tmp");
  fs::remove_all(m_tmp, ec);
  if (!fs::create_directory(m_tmp, ec))
    throw Error(ErrorKind::output, "cannot create a working folder beside it (" + ec.message() + ")", where);
}

StagingDir::~StagingDir() {
  if (!m_done) {
    std::error_code ec;
    fs::remove_all(m_tmp, ec);
  }
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
    if (ec) throw Error(ErrorKind::output, "cannot move the previous outputs aside: " + ec.message(), where);
  }
  fs::rename(m_tmp, m_out, ec);
  if (ec) {
    std::error_code restore;
    if (!old.empty()) fs::rename(old, m_out, restore);
    throw Error(ErrorKind::output, "cannot move the new outputs into place: " + ec.message(), where);
  }
  m_done = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace landrenew::out
