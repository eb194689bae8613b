#include "landrenew/date.hpp"

#include <chrono>
#include <cstdio>
#include <vector>

#include "landrenew/text.hpp"

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

std::optional<Date> parse_date(std::string_view text) {
  std::string_view s = trim(text);
  // Split into runs of digits; the separators (- / . 年 月 日) only have to be something other than digits.
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < s.size() && parts.size() < 4) {
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
  int y = 0, m = 0, d = 0;
  if (parts.size() == 1 && parts[0].size() == 8 && s.size() == 8) {  // 20230517
    y = std::stoi(std::string(parts[0].substr(0, 4)));
    m = std::stoi(std::string(parts[0].substr(4, 2)));
    d = std::stoi(std::string(parts[0].substr(6, 2)));
  } else if (parts.size() >= 3 && parts[0].size() == 4 && parts[1].size() <= 2 && parts[2].size() <= 2) {
    // Only separators the forms above use may come between the numbers.
    const std::string_view head =
        s.substr(0, static_cast<std::size_t>(parts[2].data() - s.data()) + parts[2].size());
    for (std::size_t k = 0; k < head.size();) {
      const char c = head[k];
      if ((c >= '0' && c <= '9') || c == '-' || c == '/' || c == '.') {
        ++k;
      } else if (head.substr(k, 3) == "年" || head.substr(k, 3) == "月") {
        k += 3;
      } else {
        return std::nullopt;
      }
    }
    y = std::stoi(std::string(parts[0]));
    m = std::stoi(std::string(parts[1]));
    d = std::stoi(std::string(parts[2]));
  } else {
    return std::nullopt;
  }
  if (!is_valid_date(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

Date today_utc() {
  const auto now = std::chrono::system_clock::now();
  const long days =
      static_cast<long>(std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24);
  return Date::from_days(days);
}

}  // namespace landrenew
