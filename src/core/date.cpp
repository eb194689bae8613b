#include "landrenew/core/date.hpp"

#include <chrono>
#include <ctime>
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "landrenew/core/text.hpp"

namespace landrenew {

bool is_valid_date(int y, int m, int d) noexcept {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days_in[m - 1] + (m == 2 && leap ? 1 : 0);
}

// Howard Hinnant's days_from_civil / civil_from_days.
long Date::days() const noexcept {
  const int y = year - (month <= 2);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

Date Date::from_days(long z) noexcept {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe) + static_cast<int>(era) * 400 + (m <= 2);
  return {y, m, d};
}

Date Date::plus_years(int years) const noexcept {
  Date r{year + years, month, day};
  if (!is_valid_date(r.year, r.month, r.day)) r.day = 28;  // 29 February in a common year
  return r;
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

namespace {

// Chinese numerals as registers write dates (二〇二四年三月十五日, 十二月三十一日) turned into ASCII digits;
// every other character is kept. A run without 十 is read digit by digit (二〇二四 → 2024); with it, as tens
// and units (十五 → 15, 二十 → 20, 三十一 → 31).
std::string ascii_numerals(std::string_view s) {
  static constexpr std::pair<std::string_view, int> kDigits[] = {
      {"〇", 0}, {"○", 0}, {"零", 0}, {"一", 1}, {"二", 2}, {"三", 3}, {"四", 4},
      {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}, {"十", 10}};
  const auto numeral_at = [&](std::size_t i) -> std::optional<std::pair<int, std::size_t>> {
    for (const auto& [text, value] : kDigits)
      if (s.substr(i, text.size()) == text) return std::pair<int, std::size_t>{value, text.size()};
    return std::nullopt;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::vector<int> run;
    while (auto n = numeral_at(i)) {
      run.push_back(n->first);
      i += n->second;
    }
    if (run.empty()) {
      out += s[i++];
      continue;
    }
    const auto ten = std::find(run.begin(), run.end(), 10);
    if (ten == run.end()) {
      for (int d : run)
        out += static_cast<char>('0' + d);
    } else if (run.size() <= 3 && std::count(run.begin(), run.end(), 10) == 1) {
      const int tens = ten == run.begin() ? 1 : *(ten - 1);
      const int units = ten + 1 == run.end() ? 0 : *(ten + 1);
      if ((ten == run.begin() || ten == run.begin() + 1) && run.end() - ten <= 2)
        out += std::to_string(tens * 10 + units);
      else
        out += '?';  // not a number a date uses
    } else {
      out += '?';
    }
  }
  return out;
}

// Runs of ASCII digits in `s` (at most `max`).
std::vector<std::string_view> digit_runs(std::string_view s, std::size_t max) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < s.size() && parts.size() < max) {
    if (s[i] >= '0' && s[i] <= '9') {
      std::size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9')
        ++j;
      parts.push_back(s.substr(i, j - i));
      i = j;
    } else {
      ++i;
    }
  }
  return parts;
}

// Only digits and the separators of the written forms (- / . 年 月) in `s`.
bool only_separators(std::string_view s) {
  for (std::size_t k = 0; k < s.size();) {
    const char c = s[k];
    if ((c >= '0' && c <= '9') || c == '-' || c == '/' || c == '.')
      ++k;
    else if (s.substr(k, 3) == "年" || s.substr(k, 3) == "月")
      k += 3;
    else
      return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  return std::stoi(std::string(digits));
}

// An Excel serial number of the 1900 system: five digits, perhaps a fraction (the time of day). Excel counts
// a 29 February 1900 that never was (serial 60), so from serial 61 on the day is 1899-12-30 + serial.
std::optional<Date> excel_serial(std::string_view s) {
  const std::size_t point = s.find('.');
  const std::string_view whole = s.substr(0, point);
  if (whole.size() != 5) return std::nullopt;
  for (char c : s.substr(0, point))
    if (c < '0' || c > '9') return std::nullopt;
  if (point != std::string_view::npos)
    for (char c : s.substr(point + 1))
      if (c < '0' || c > '9') return std::nullopt;
  const long serial = to_int(whole);
  return Date::from_days(Date{1899, 12, 30}.days() + serial);
}

Date last_day_of_month(int y, int m) {
  Date d{y, m, 31};
  while (!is_valid_date(d.year, d.month, d.day))
    --d.day;
  return d;
}

}  // namespace

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  return parse_date(s).has_value();
}

std::optional<Date> parse_date(std::string_view text) {
  const std::string ascii = ascii_numerals(trim(text));
  const std::string_view s = ascii;
  if (auto serial = excel_serial(s)) return serial;  // RULES.md 22: five digits are an Excel serial
  // Split into runs of digits; the separators (- / . 年 月 日) only have to be something other than digits.
  const std::vector<std::string_view> parts = digit_runs(s, 4);
  int y = 0, m = 0, d = 0;
  if (parts.size() == 1 && parts[0].size() == 8 && s.size() == 8) {  // 20230517
    y = to_int(parts[0].substr(0, 4));
    m = to_int(parts[0].substr(4, 2));
    d = to_int(parts[0].substr(6, 2));
  } else if (parts.size() >= 3 && parts[0].size() == 4 && parts[1].size() <= 2 && parts[2].size() <= 2) {
    // Only separators the forms above use may come between the numbers.
    if (!only_separators(s.substr(0, static_cast<std::size_t>(parts[2].data() - s.data()) + parts[2].size())))
      return std::nullopt;
    y = to_int(parts[0]);
    m = to_int(parts[1]);
    d = to_int(parts[2]);
  } else {
    return std::nullopt;
  }
  if (!is_valid_date(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

std::optional<WrittenDate> parse_written_date(std::string_view text) {
  if (auto full = parse_date(text)) return WrittenDate{*full, DatePrecision::day};
  const std::string ascii = ascii_numerals(trim(text));
  std::string_view s = ascii;
  // What may follow a partial date: 年 after a year; 月 or 月份 after a month.
  const std::vector<std::string_view> parts = digit_runs(s, 3);
  if (parts.size() == 1 && parts[0].size() == 4 && parts[0].data() == s.data()) {
    const std::string_view rest = s.substr(4);
    if (rest.empty() || rest == "年") {
      const int y = to_int(parts[0]);
      if (is_valid_date(y, 12, 31)) return WrittenDate{Date{y, 12, 31}, DatePrecision::year};
    }
    return std::nullopt;
  }
  if (parts.size() == 2 && parts[0].size() == 4 && parts[1].size() <= 2 && parts[0].data() == s.data()) {
    const std::size_t end = static_cast<std::size_t>(parts[1].data() - s.data()) + parts[1].size();
    const std::string_view rest = s.substr(end);
    const std::string_view head = s.substr(4, end - 4 - parts[1].size());  // between year and month
    const bool head_ok = head == "-" || head == "/" || head == "." || head == "年";
    if (!head_ok || !(rest.empty() || rest == "月" || rest == "月份")) return std::nullopt;
    if (head != "年" && !rest.empty()) return std::nullopt;
    const int y = to_int(parts[0]), m = to_int(parts[1]);
    if (!is_valid_date(y, m, 1)) return std::nullopt;
    return WrittenDate{last_day_of_month(y, m), DatePrecision::month};
  }
  return std::nullopt;
}

Date today_utc() {
  const auto now = std::chrono::system_clock::now();
  const long days =
      static_cast<long>(std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24);
  return Date::from_days(days);
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace landrenew
