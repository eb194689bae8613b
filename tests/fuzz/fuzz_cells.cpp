// libFuzzer target: the cell parsers of the enterprise table and registers — parse_plain_number,
// parse_date, split_list, field_name_key, trim, the credit-code checksum — with the properties they promise.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "landrenew/core/date.hpp"
#include "landrenew/core/text.hpp"
#include "landrenew/rules/enterprises.hpp"

namespace {
void require(bool ok) {
  if (!ok) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view cell(reinterpret_cast<const char*>(data), size);

  if (auto v = landrenew::parse_plain_number(cell)) require(std::isfinite(*v));  // never NaN or infinite

  if (auto d = landrenew::parse_date(cell)) {
    require(landrenew::is_valid_date(d->year, d->month, d->day));
    const std::string iso = d->iso();
    const auto again = landrenew::parse_date(iso);  // the ISO form reads back to the same date
    require(again && *again == *d);
    require(landrenew::Date::from_days(d->days()) == *d);
  }

  const std::string_view t = landrenew::trim(cell);
  require(t.size() <= cell.size() && landrenew::trim(t) == t);
  for (const auto& part : landrenew::split_list(cell))
    require(!part.empty() && landrenew::trim(part) == part);
  const std::string key = landrenew::field_name_key(cell);
  require(key.size() <= cell.size());
  if (landrenew::is_valid_utf8(cell)) require(landrenew::is_valid_utf8(landrenew::ascii_upper(cell)));
  if (landrenew::rules::credit_code_checksum_ok(cell)) require(cell.size() == 18);
  return 0;
}
