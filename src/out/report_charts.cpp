// Charts of report.html as inline SVG: sizes in px of a 760 px wide page column, text in the page's font.
#include <algorithm>
#include <cmath>

#include "landrenew/out/report.hpp"

#include "report_parts.hpp"

namespace landrenew::out::report {

namespace {

using json = nlohmann::ordered_json;

constexpr double kWidth = 760;

std::string px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s(buf);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

std::string text(double x, double y, const std::string& content, const char* anchor = "start",
                 const char* extra = "") {
  return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
         html_escape(content) + "</text>";
}

// An axis maximum of 1, 2, 2.5 or 5 × 10^k steps (five or so), so that tick labels are round numbers.
std::pair<double, double> nice_axis(double max_value) {
  if (!(max_value > 0)) return {1, 0.2};
  const double raw = max_value / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  return {std::ceil(max_value / step - 1e-9) * step, step};
}

double number_at(const json& j, const char* key, double fallback = 0) {
  return j.contains(key) && j[key].is_number() ? j[key].get<double>() : fallback;
}

}  // namespace

std::string progress_chart(const json& freed, int first_year, int last_year) {
  // One axis, cumulative mu: each year's bar is the total at its end, the year's own ground the dark top
  // part, so that the yearly amounts and the climb toward the goal read together.
  const double left = 64, right = kWidth - 24, top = 30, bottom = 290, height = 336;
  const int n = std::max(1, last_year - first_year + 1);
  const double band = (right - left) / n;
  const double goal = number_at(freed, "goal_mu");
  const int years_left = static_cast<int>(number_at(freed, "years_left"));
  const int reference_year = last_year - years_left;
  const json by_year = freed.contains("by_year") ? freed["by_year"] : json::object();
  const auto annual = [&](int y) { return number_at(by_year, std::to_string(y).c_str()); };
  const double achieved = number_at(freed, "pace_achieved_mu", NAN);

  double total = 0;
  for (const auto& [year, mu] : by_year.items())
    total += mu.get<double>();
  const double projected = std::isfinite(achieved) ? total + achieved * years_left : total;
  const auto [axis_max, axis_step] = nice_axis(std::max({goal, total, projected}) * 1.04);
  const auto y_of = [&](double v) { return bottom - (bottom - top) * v / axis_max; };
  const auto cx = [&](int y) { return left + band * (y - first_year + 0.5); };

  std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + px(kWidth) + " " + px(height) +
                  "\" role=\"img\" aria-label=\"三万亩腾出进度\">";
  for (double v = 0; v <= axis_max + 1e-9; v += axis_step) {
    s += "<line class=\"grid\" x1=\"" + px(left) + "\" x2=\"" + px(right) + "\" y1=\"" + px(y_of(v)) +
         "\" y2=\"" + px(y_of(v)) + "\"/>";
    s += text(left - 6, y_of(v) + 4, format_number(v, 0), "end", " class=\"tick\"");
  }
  s += text(4, top - 14, "累计腾出(亩)", "start", " class=\"axis\"");
  double running = 0, last_total = 0;
  std::string points;
  for (int y = first_year; y <= last_year; ++y) {
    const double v = annual(y), w = band * 0.52;
    if (y <= reference_year) {
      const double before = running;
      running += v;
      if (running > 0) {
        s += "<rect class=\"bar-past\" x=\"" + px(cx(y) - w / 2) + "\" y=\"" + px(y_of(before)) +
             "\" width=\"" + px(w) + "\" height=\"" + px(bottom - y_of(before)) + "\"/>";
        s += "<rect class=\"bar\" x=\"" + px(cx(y) - w / 2) + "\" y=\"" + px(y_of(running)) + "\" width=\"" +
             px(w) + "\" height=\"" + px(y_of(before) - y_of(running)) + "\"><title>" + std::to_string(y) +
             " 年腾出 " + format_number(v, 2) + " 亩，累计 " + format_number(running, 2) +
             " 亩</title></rect>";
      }
      s += text(cx(y), y_of(running) - 6, "+" + format_number(v, 0), "middle", " class=\"value\"");
      points += (points.empty() ? "" : " ") + px(cx(y)) + "," + px(y_of(running));
      last_total = running;
    } else {
      s += text(cx(y), bottom - 6, "—", "middle", " class=\"tick\"");
    }
    s += text(cx(y), bottom + 18, std::to_string(y), "middle", " class=\"tick\"");
  }
  s += "<line class=\"axisline\" x1=\"" + px(left) + "\" x2=\"" + px(right) + "\" y1=\"" + px(bottom) +
       "\" y2=\"" + px(bottom) + "\"/>";
  s += "<line class=\"goal\" x1=\"" + px(left) + "\" x2=\"" + px(right) + "\" y1=\"" + px(y_of(goal)) +
       "\" y2=\"" + px(y_of(goal)) + "\"/>" +
       text(left + 4, y_of(goal) - 6, "目标 " + format_number(goal, 0) + " 亩", "start",
            " class=\"note goal-text\"");
  if (!points.empty()) s += "<polyline class=\"cumline\" points=\"" + points + "\"/>";
  // From the last year measured to the end of the period: the path the goal needs, and where the pace
  // achieved so far leads.
  if (years_left > 0 && reference_year >= first_year - 1) {
    const double x0 = reference_year >= first_year ? cx(reference_year) : left, x1 = cx(last_year);
    s += "<line class=\"needed\" x1=\"" + px(x0) + "\" x2=\"" + px(x1) + "\" y1=\"" + px(y_of(last_total)) +
         "\" y2=\"" + px(y_of(goal)) + "\"/>";
    if (std::isfinite(achieved)) {
      s += "<line class=\"achieved\" x1=\"" + px(x0) + "\" x2=\"" + px(x1) + "\" y1=\"" +
           px(y_of(last_total)) + "\" y2=\"" + px(y_of(projected)) + "\"/>";
      s += text(x1, y_of(projected) - 8, "按现有进度 " + format_number(projected, 0) + " 亩", "middle",
                " class=\"note achieved-text\"");
    }
  }
  const double ly = height - 10;
  const auto key = [&](double x, const char* cls, const std::string& label, bool box) {
    return (box ? "<rect class=\"" + std::string(cls) + "\" x=\"" + px(x) + "\" y=\"" + px(ly - 9) +
                      "\" width=\"14\" height=\"10\"/>"
                : "<line class=\"" + std::string(cls) + "\" x1=\"" + px(x) + "\" x2=\"" + px(x + 22) +
                      "\" y1=\"" + px(ly - 4) + "\" y2=\"" + px(ly - 4) + "\"/>") +
           text(x + (box ? 19 : 27), ly, label);
  };
  s += key(left, "bar", "当年腾出", true) + key(left + 90, "bar-past", "以前年度累计", true) +
       key(left + 212, "goal", "目标", false) + key(left + 280, "needed", "达标所需进度", false) +
       key(left + 410, "achieved", "按已实现年均推算", false);
  s += "</svg>";
  return s;
}

std::string bar_chart(const std::vector<Bar>& bars, const BarChartOptions& o) {
  const double row = 26, top = o.reference ? 26 : 8, value_width = 150;
  const double height = top + row * static_cast<double>(bars.size()) + 8;
  const double x0 = o.label_width, x1 = kWidth - value_width;
  double lo = 0, hi = 0;
  for (const Bar& b : bars) {
    lo = std::min(lo, b.value);
    hi = std::max(hi, b.value);
  }
  if (o.reference) {
    lo = std::min(lo, *o.reference);
    hi = std::max(hi, *o.reference * 1.15);
  }
  if (!(hi > lo)) hi = lo + 1;
  const auto x = [&](double v) { return x0 + (x1 - x0) * (v - lo) / (hi - lo); };
  std::string s =
      "<svg class=\"chart bars\" viewBox=\"0 0 " + px(kWidth) + " " + px(height) + "\" role=\"img\">";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = top + row * static_cast<double>(i);
    const double a = x(std::min(0.0, b.value)), e = x(std::max(0.0, b.value));
    s += text(x0 - 8, y + 17, b.label, "end");
    s += "<rect x=\"" + px(a) + "\" y=\"" + px(y + 5) + "\" width=\"" + px(std::max(e - a, 0.0)) +
         "\" height=\"16\" fill=\"" + html_escape(b.colour) + "\"><title>" +
         html_escape(b.label + " " + b.value_text) + "</title></rect>";
    s += text(std::max(e, x(0)) + 6, y + 17, b.value_text, "start", " class=\"value\"");
  }
  if (lo < 0)
    s += "<line class=\"axisline\" x1=\"" + px(x(0)) + "\" x2=\"" + px(x(0)) + "\" y1=\"" + px(top) +
         "\" y2=\"" + px(height - 4) + "\"/>";
  if (o.reference)
    s += "<line class=\"reference\" x1=\"" + px(x(*o.reference)) + "\" x2=\"" + px(x(*o.reference)) +
         "\" y1=\"" + px(top - 6) + "\" y2=\"" + px(height - 4) + "\"/>" +
         text(x(*o.reference), top - 10, o.reference_label, "middle", " class=\"note reference-text\"");
  s += "</svg>";
  return s;
}

}  // namespace landrenew::out::report
