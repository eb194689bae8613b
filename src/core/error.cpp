#include "landrenew/core/error.hpp"

#include "landrenew/core/i18n.hpp"

namespace landrenew {

int exit_code(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::usage:
      return 2;
    case ErrorKind::project:
      return 3;
    case ErrorKind::profile:
      return 4;
    case ErrorKind::input_open:
      return 5;
    case ErrorKind::input_data:
      return 6;
    case ErrorKind::output:
      return 7;
    case ErrorKind::internal:
      return 8;
  }
  return 8;
}

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::usage:
      return "usage";
    case ErrorKind::project:
      return "project";
    case ErrorKind::profile:
      return "profile";
    case ErrorKind::input_open:
      return "input_open";
    case ErrorKind::input_data:
      return "input_data";
    case ErrorKind::output:
      return "output";
    case ErrorKind::internal:
      return "internal";
  }
  return "internal";
}

std::string format_context(const ErrorContext& c) {
  std::string out;
  auto part = [&out](const std::string& s) {
    out += s;
    out += ": ";
  };
  if (!c.file.empty()) part(c.file);
  // Issue 21: printed, never stored: in the current language.
  if (c.line) part(trf("line {1}", *c.line));
  if (!c.layer.empty()) part(trf("layer '{1}'", c.layer));
  if (c.fid) {
    part(c.feature_id.empty() ? trf("feature {1}", *c.fid) : trf("feature {1} ({2})", *c.fid, c.feature_id));
  } else if (!c.feature_id.empty()) {
    part(trf("feature {1}", c.feature_id));
  }
  if (!c.field.empty()) part(trf("field '{1}'", c.field));
  return out;
}

namespace {
// A failure is one line (docs/commands.md): GDAL's and libpq's messages may span several ("...\n\tIs the
// server running..."), so line breaks and tabs become single spaces.
std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const bool space = c == '\n' || c == '\r' || c == '\t';
    if (!space)
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}
}  // namespace

Error::Error(ErrorKind kind, const std::string& message, ErrorContext context)
    : std::runtime_error(one_line(format_context(context) + message)),
      m_kind(kind),
      m_context(std::move(context)),
      m_detail(one_line(message)) {}

}  // namespace landrenew
