#pragma once
// Text encodings of inputs. Shapefiles from Chinese offices are often GBK without a .cpg (DOMAIN.md §11);
// read as Latin-1 they turn into mojibake. The order of evidence is fixed (issue 2): an explicit override,
// then the .cpg file, then the DBF language-driver byte, then a check that the bytes are valid UTF-8,
// then GB18030 (a superset of GBK and GB2312).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "landrenew/core/i18n.hpp"

namespace landrenew::io {

struct EncodingInfo {
  std::string name;    ///< iconv name GDAL is told to use: "UTF-8", "CP936", "GB18030", "ISO-8859-1", ...
  Text source;  ///< how it was decided, for the report (both languages; the manifest keeps .en): "override",
                ///< ".cpg 'GBK'", "DBF language driver 0x4D", ...
};

/// Maps the content of a .cpg file ("UTF-8", "936", "GBK", "ANSI 936", "GB2312", ...) to an iconv name;
/// nullopt when it says nothing usable.
std::optional<std::string> encoding_from_cpg(std::string_view cpg_text);

/// Maps a DBF language-driver id (byte 29 of the header) to an iconv name; nullopt for 0 (none) and for
/// 0x57 (87, "current ANSI code page", which says nothing about which one).
std::optional<std::string> encoding_from_ldid(std::uint8_t ldid);

/// Decides the encoding of a shapefile's DBF (path of the .shp or .dbf). Throws Error(input_open) when
/// the DBF cannot be read.
EncodingInfo detect_dbf_encoding(const std::filesystem::path& shp_or_dbf, const std::string& override_name);

/// Decides the encoding of a text file (CSV): override, then a UTF-8 BOM, then the UTF-8 check, then GB18030.
EncodingInfo detect_text_encoding(const std::filesystem::path& file, const std::string& override_name);

/// Text from a legacy encoding to UTF-8 exactly as GDAL's CPLRecode() converts it with iconv — a byte that
/// is not valid in the encoding is skipped, an incomplete character at the end ends the text, the text ends
/// at its first NUL — but with one converter kept open and plain ASCII passed through where the encoding
/// maps it to itself (GDAL 3.6 opens a converter and clears a 32 KiB buffer for every value, which was a
/// third of the time spent reading a GBK shapefile). One per thread.
class TextRecoder {
 public:
  /// Throws Error(input_open) when iconv does not know `encoding`.
  explicit TextRecoder(const std::string& encoding);
  ~TextRecoder();
  TextRecoder(const TextRecoder&) = delete;
  TextRecoder& operator=(const TextRecoder&) = delete;

  std::string recode(std::string_view text);
  /// Some byte has been skipped since the recoder was made (the text was not all in the encoding).
  bool lossy() const noexcept { return m_lossy; }
  const std::string& encoding() const noexcept { return m_encoding; }

  /// Whether GDAL converts `encoding` to UTF-8 with iconv (and this class gives the same text): every
  /// encoding but UTF-8, ASCII, ISO-8859-1 and CP437, which GDAL handles otherwise.
  static bool matches_gdal_for(std::string_view encoding);

 private:
  std::string m_encoding;
  void* m_iconv = nullptr;
  bool m_ascii_as_is = false;  ///< bytes 1–127 come out unchanged
  bool m_lossy = false;
};

}  // namespace landrenew::io
