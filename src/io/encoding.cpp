#include "landrenew/io/encoding.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iconv.h>
#include <vector>

#include <cpl_vsi.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/text.hpp"

namespace landrenew::io {
namespace fs = std::filesystem;

namespace {

std::optional<std::string> code_page_name(int code_page) {
  switch (code_page) {
    case 65001:
      return "UTF-8";
    case 936:
      return "CP936";  // GBK
    case 54936:
      return "GB18030";
    case 950:
      return "CP950";  // Big5
    case 20936:
      return "GB2312";
    case 1252:
      return "CP1252";
    case 28591:
      return "ISO-8859-1";
    case 437:
      return "CP437";
    case 850:
      return "CP850";
    case 932:
      return "CP932";
    case 949:
      return "CP949";
    case 874:
      return "CP874";
    case 1250:
      return "CP1250";
    case 1251:
      return "CP1251";
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> encoding_from_cpg(std::string_view cpg_text) {
  std::string key = field_name_key(trim(cpg_text));
  if (key.empty()) return std::nullopt;
  // ArcGIS writes "UTF-8", "936" or "ANSI 936"-like strings; QGIS writes "UTF-8", "GBK", "System".
  if (key.starts_with("ANSI")) key = key.substr(4);
  if (key.starts_with("CP")) key = key.substr(2);
  if (key == "88591" || key == "ISO88591") return "ISO-8859-1";
  bool digits = !key.empty();
  for (char c : key)
    digits = digits && c >= '0' && c <= '9';
  if (digits && key.size() <= 6) return code_page_name(std::stoi(key));
  try {
    return normalise_encoding_name(key);
  } catch (const Error&) {
    return std::nullopt;  // "System" and the like: no evidence, keep looking
  }
}

std::optional<std::string> encoding_from_ldid(std::uint8_t ldid) {
  // Language driver ids as ArcGIS and GDAL (ogr/ogrsf_frmts/shape) document them.
  switch (ldid) {
    case 0x01:
      return "CP437";
    case 0x02:
      return "CP850";
    case 0x03:
      return "CP1252";
    case 0x4D:
      return "CP936";  // 77: Chinese GBK (PRC)
    case 0x7A:
      return "CP936";  // 122: Chinese GBK (PRC), Windows
    case 0x4E:
      return "CP949";
    case 0x4F:
      return "CP950";  // Big5
    case 0x78:
      return "CP950";
    case 0x50:
      return "CP874";
    case 0x7B:
      return "CP932";
    case 0x13:
      return "CP932";
    case 0x57:
      return std::nullopt;  // 87: "current ANSI code page" — which one is unknown
    case 0x58:
      return "CP1252";
    case 0x59:
      return "CP1252";
    case 0xC8:
      return "CP1250";
    case 0xC9:
      return "CP1251";
    default:
      return std::nullopt;
  }
}

namespace {

// The parts of a shapefile are read through GDAL's virtual file layer (VSI), so that the same detection
// reads a shapefile inside a .shz or .shp.zip (/vsizip/{...}/name.dbf) as one on disk.
bool vsi_exists(const fs::path& p) {
  VSIStatBufL st;
  return VSIStatL(p.string().c_str(), &st) == 0;
}

fs::path sibling_with_extension(const fs::path& p, const char* lower) {
  // Shapefile parts may be upper- or lower-case: try both.
  fs::path a = p;
  a.replace_extension(lower);
  if (vsi_exists(a)) return a;
  std::string upper = lower;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  fs::path b = p;
  b.replace_extension(upper);
  if (vsi_exists(b)) return b;
  return {};
}

/// A file read through VSI, closed when destroyed.
class VsiFile {
 public:
  explicit VsiFile(const fs::path& p) : m_f(VSIFOpenL(p.string().c_str(), "rb")) {}
  ~VsiFile() {
    if (m_f) VSIFCloseL(m_f);
  }
  VsiFile(const VsiFile&) = delete;
  VsiFile& operator=(const VsiFile&) = delete;
  explicit operator bool() const noexcept { return m_f != nullptr; }
  /// Reads up to `n` bytes; returns how many were read.
  std::size_t read(void* dst, std::size_t n) { return m_f ? VSIFReadL(dst, 1, n, m_f) : 0; }

 private:
  VSILFILE* m_f;
};

std::string read_all(const fs::path& p) {
  VsiFile in(p);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = in.read(buf, sizeof buf)) > 0 && out.size() < (std::size_t{1} << 16);)
    out.append(buf, n);
  return out;
}

// Scans the text bytes in streaming chunks; stops at the first sequence that is not UTF-8.
// Returns {valid, any_non_ascii}.
std::pair<bool, bool> scan_utf8(std::istream& in, std::size_t limit) {
  std::vector<char> buf(1 << 20);
  std::string carry;
  bool non_ascii = false;
  std::size_t total = 0;
  while (in && total < limit) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    total += n;
    std::string chunk = carry + std::string(buf.data(), n);
    // Keep an incomplete trailing sequence (at most 3 bytes) for the next chunk.
    std::size_t cut = chunk.size();
    for (std::size_t back = 1; back <= 3 && back <= chunk.size(); ++back) {
      const auto c = static_cast<unsigned char>(chunk[chunk.size() - back]);
      if ((c & 0xC0) == 0xC0) {  // a lead byte: is its sequence complete?
        const std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (back < need) cut = chunk.size() - back;
        break;
      }
      if ((c & 0x80) == 0) break;
    }
    carry = chunk.substr(cut);
    chunk.resize(cut);
    for (char c : chunk)
      non_ascii = non_ascii || (static_cast<unsigned char>(c) >= 0x80);
    if (!is_valid_utf8(chunk)) return {false, true};
  }
  if (!carry.empty()) return {false, true};
  return {true, non_ascii};
}

}  // namespace

EncodingInfo detect_dbf_encoding(const fs::path& shp_or_dbf, const std::string& override_name) {
  if (!override_name.empty())
    return {normalise_encoding_name(override_name), tr_both("override in the project file")};

  fs::path cpg = sibling_with_extension(shp_or_dbf, ".cpg");
  if (!cpg.empty()) {
    const std::string text = read_all(cpg);
    if (auto enc = encoding_from_cpg(text)) return {*enc, tr_both(".cpg file says '{1}'", std::string(trim(text)))};
  }

  const fs::path dbf = sibling_with_extension(shp_or_dbf, ".dbf");
  if (dbf.empty())
    throw Error(ErrorKind::input_open, tr("the .dbf file is missing (a shapefile needs .shp, .shx and .dbf)"),
                {.file = shp_or_dbf.string()});
  VsiFile in(dbf);
  std::array<unsigned char, 32> header{};
  if (in.read(header.data(), header.size()) != header.size())
    throw Error(ErrorKind::input_open, tr("the .dbf file is too short to be a dBASE file"),
                {.file = dbf.string()});
  const std::uint8_t ldid = header[29];
  if (auto enc = encoding_from_ldid(ldid)) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", ldid);
    return {*enc, tr_both("DBF language driver byte {1} ({2})", hex, static_cast<int>(ldid))};
  }

  // No declaration: look at the text bytes — field names and character fields — not the binary header.
  const auto u16 = [&](int at) { return static_cast<std::size_t>(header[at] | (header[at + 1] << 8)); };
  const std::size_t n_records =
      static_cast<std::size_t>(header[4]) | (static_cast<std::size_t>(header[5]) << 8) |
      (static_cast<std::size_t>(header[6]) << 16) | (static_cast<std::size_t>(header[7]) << 24);
  const std::size_t header_len = u16(8);
  const std::size_t record_len = u16(10);
  if (header_len < 33 || record_len == 0)
    throw Error(ErrorKind::input_open, tr("the .dbf header is corrupt"), {.file = dbf.string()});
  std::string descriptors(header_len - 32, '\0');
  descriptors.resize(in.read(descriptors.data(), descriptors.size()));
  std::string names;
  std::vector<std::pair<std::size_t, std::size_t>> text_fields;  // (offset in record, length)
  std::size_t offset = 1;                                        // byte 0 of a record is the deletion flag
  for (std::size_t d = 0; d + 32 <= descriptors.size() && descriptors[d] != '\x0D'; d += 32) {
    const std::string_view desc(descriptors.data() + d, 32);
    names += std::string(desc.substr(0, desc.substr(0, 11).find('\0')));
    names += ' ';
    const auto len = static_cast<unsigned char>(desc[16]);
    if (desc[11] == 'C') text_fields.emplace_back(offset, len);
    offset += len;
  }
  bool valid = is_valid_utf8(names);
  bool non_ascii = false;
  for (char c : names)
    non_ascii = non_ascii || static_cast<unsigned char>(c) >= 0x80;
  // Blocks of at most 1 MiB (or one record): the header's record count and length may be anything.
  const std::size_t per_block = std::max<std::size_t>(1, (std::size_t{1} << 20) / record_len);
  std::vector<char> block(record_len * per_block);
  for (std::size_t done = 0; valid && done < n_records;) {
    const std::size_t want = std::min<std::size_t>(per_block, n_records - done);
    const std::size_t got = in.read(block.data(), want * record_len) / record_len;
    if (got == 0) break;  // a short file: GDAL reports it when reading features
    for (std::size_t r = 0; valid && r < got; ++r) {
      for (auto [o, l] : text_fields) {
        if (o + l > record_len) continue;
        const std::string_view cell(block.data() + r * record_len + o, l);
        for (char c : cell)
          non_ascii = non_ascii || static_cast<unsigned char>(c) >= 0x80;
        if (!is_valid_utf8(cell)) {
          valid = false;
          break;
        }
      }
    }
    done += got;
  }
  if (valid)
    return {"UTF-8", non_ascii ? tr_both("no .cpg or language driver; all text is valid UTF-8")
                               : tr_both("no .cpg or language driver; all text is ASCII")};
  return {"GB18030", tr_both("no .cpg or language driver; text is not UTF-8, read as GB18030 (GBK superset)")};
}

EncodingInfo detect_text_encoding(const fs::path& file, const std::string& override_name) {
  if (!override_name.empty())
    return {normalise_encoding_name(override_name), tr_both("override in the project file")};
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorKind::input_open, tr("cannot read the file"), {.file = file.string()});
  char bom[3] = {};
  in.read(bom, 3);
  if (in.gcount() == 3 && bom[0] == '\xEF' && bom[1] == '\xBB' && bom[2] == '\xBF')
    return {"UTF-8", tr_both("UTF-8 byte-order mark")};
  in.clear();
  in.seekg(0);
  auto [valid, non_ascii] = scan_utf8(in, static_cast<std::size_t>(-1));
  if (valid) return {"UTF-8", non_ascii ? tr_both("all text is valid UTF-8") : tr_both("all text is ASCII")};
  return {"GB18030", tr_both("text is not UTF-8, read as GB18030 (GBK superset)")};
}

namespace {
iconv_t as_iconv(void* handle) {
  return static_cast<iconv_t>(handle);
}
const iconv_t kNoIconv = reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1));
}  // namespace

bool TextRecoder::matches_gdal_for(std::string_view encoding) {
  for (const char* other : {"UTF-8", "ASCII", "ISO-8859-1", "CP437"})
    if (ascii_upper(encoding) == other) return false;
  return true;
}

TextRecoder::TextRecoder(const std::string& encoding) : m_encoding(encoding) {
  iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == kNoIconv)
    throw Error(ErrorKind::input_open,
                trf("cannot convert text from {1} to UTF-8: {2}", encoding, std::strerror(errno)));
  m_iconv = cd;
  // ASCII passes through only if the encoding maps every byte 1–127 to itself (not so in Shift_JIS, say).
  bool same = true;
  for (int c = 1; c < 128 && same; ++c) {
    const char in[1] = {static_cast<char>(c)};
    same = recode(std::string_view(in, 1)) == std::string_view(in, 1);
  }
  m_ascii_as_is = same;
  m_lossy = false;
}

TextRecoder::~TextRecoder() {
  if (m_iconv) iconv_close(as_iconv(m_iconv));
}

std::string TextRecoder::recode(std::string_view text) {
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) text = text.substr(0, nul);
  if (m_ascii_as_is &&
      std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 128; }))
    return std::string(text);
  const iconv_t cd = as_iconv(m_iconv);
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // the initial state, as a fresh converter has
  std::string out(std::max<std::size_t>(text.size() * 4, 16), '\0');
  char* in = const_cast<char*>(text.data());
  std::size_t in_left = text.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &dst, &dst_left) != static_cast<std::size_t>(-1)) continue;
    if (errno == EILSEQ) {  // skip the byte, as GDAL does
      m_lossy = true;
      if (in_left == 0) break;
      --in_left;
      ++in;
    } else if (errno == E2BIG) {
      const std::size_t used = out.size() - dst_left;
      out.resize(out.size() * 2);
      dst = out.data() + used;
      dst_left = out.size() - used;
    } else {
      break;  // EINVAL: an incomplete character at the end, which GDAL drops silently
    }
  }
  out.resize(out.size() - dst_left);
  // GDAL's result is a C string: it ends at the first NUL the conversion produced, if any.
  if (const auto nul = out.find('\0'); nul != std::string::npos) out.resize(nul);
  return out;
}

}  // namespace landrenew::io
