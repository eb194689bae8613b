#pragma once
// Calendar dates as registers write them: "2023-05-17", "2023/5/17", "2023.5.17", "2023年5月17日",
// "20230517".
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace landrenew {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;
  /// Days since 1970-01-01 (proleptic Gregorian).
  long days() const noexcept;
  static Date from_days(long days) noexcept;
  /// The same month and day `years` later; 29 February becomes 28 February in a common year.
  Date plus_years(int years) const noexcept;
  std::string iso() const;  ///< "2023-05-17"
};

bool is_valid_date(int year, int month, int day) noexcept;

/// Parses the forms above (surrounding spaces allowed; a time after the date is ignored). nullopt for
/// anything else, including impossible dates such as 2023-02-30.
std::optional<Date> parse_date(std::string_view text);

/// Today's date (UTC), for runs without an audit date.
Date today_utc();

}  // namespace landrenew
