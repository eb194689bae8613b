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

/// Parses the forms above, the same written with Chinese numerals ("二〇二四年三月十五日") and an Excel serial
/// number of the 1900 system ("45366" = 2024-03-15; a fraction, the time of day, is ignored) — RULES.md 22.
/// Surrounding spaces are allowed; a time after the date is ignored. nullopt for anything else, including
/// impossible dates such as 2023-02-30 and partial dates (parse_written_date).
std::optional<Date> parse_date(std::string_view text);

/// Whether `s` is exactly a real calendar date written YYYY-MM-DD (no 2027-02-30): the form project files and
/// profiles must use, which the rules parse again and rely on.
bool is_iso_date(std::string_view s);

/// How much of a date the text gave (RULES.md 22).
enum class DatePrecision { day, month, year };

/// A date as a register writes it: a full date, or a partial one taken as the last day of its month or year.
struct WrittenDate {
  Date date;
  DatePrecision precision = DatePrecision::day;
};

/// RULES.md 22: parse_date()'s full dates, or a month ("2024年3月", "2024.03", "2024-03", "2024/3", "2024年3月份")
/// or a year ("2024年", or a bare four-digit "2024") as a partial date counted as the last day of that month or
/// year. nullopt for anything else ("2024年底", "待定").
std::optional<WrittenDate> parse_written_date(std::string_view text);

/// Today's date (UTC), for runs without an audit date.
Date today_utc();

/// The time now (UTC) as ISO 8601 to the second ("2026-12-05T21:30:00Z"), for manifests.
std::string utc_now();

}  // namespace landrenew
