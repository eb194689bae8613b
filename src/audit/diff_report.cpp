// `landrenew diff` output: the comparison as JSON (--json) and as text for the auditor's screen, each
// reconciliation written out as old + added − removed = new.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <ostream>

#include "landrenew/audit/diff.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/text.hpp"

namespace landrenew::diff {

using json = nlohmann::ordered_json;

namespace {

json opt(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json change(const Change& c) {
  return {{"old", c.old_value}, {"new", c.new_value}, {"delta", c.delta()}};
}

json count_change(const Change& c) {
  return {{"old", static_cast<std::int64_t>(c.old_value)},
          {"new", static_cast<std::int64_t>(c.new_value)},
          {"delta", static_cast<std::int64_t>(c.new_value) - static_cast<std::int64_t>(c.old_value)}};
}

json changes(const std::map<std::string, Change>& m) {
  json out = json::object();
  for (const auto& [k, c] : m)
    out[k] = change(c);
  return out;
}

json counts(const Reconciliation& r, const char* added, const char* removed) {
  return {{"old", static_cast<std::int64_t>(r.old_total)},
          {added, static_cast<std::int64_t>(r.added)},
          {removed, static_cast<std::int64_t>(r.removed)},
          {"new", static_cast<std::int64_t>(r.new_total)},
          {"reconciles", r.ok}};
}

json flag(const FlagChange& c) {
  json j{{"parcel_id", c.parcel_id},
         {"old_fid", c.old_fid ? json(*c.old_fid) : json(nullptr)},
         {"new_fid", c.new_fid ? json(*c.new_fid) : json(nullptr)},
         {"old_criteria", c.old_criteria},
         {"new_criteria", c.new_criteria}};
  j["criteria_added"] = c.criteria_added;
  j["criteria_removed"] = c.criteria_removed;
  return j;
}

json record(const OutputRecord& r) {
  return {{"record_id", r.record_id}, {"source_fid", r.source_fid},
          {"mode", r.mode},           {"date", r.date},
          {"status", r.status},       {"counted", r.counted},
          {"reason", r.reason},       {"industrial_mu", r.industrial_mu},
          {"freed_mu", r.freed_mu}};
}

json field_value(const OutputRecord& r, const std::string& field) {
  if (field == "mode") return r.mode;
  if (field == "date") return r.date;
  if (field == "status") return r.status;
  if (field == "counted") return r.counted;
  if (field == "freed_mu") return r.freed_mu;
  return r.industrial_mu;
}

json park(const OutputPark& p) {
  return {{"far_before", opt(p.far_before)},
          {"far_after", opt(p.far_after)},
          {"uplift", opt(p.uplift)},
          {"meets_target", p.meets_target}};
}

json grounds(const std::vector<RecordGround>& v) {
  json out = json::array();
  for (const auto& g : v)
    out.push_back({{"record_id", g.record_id}, {"mu", g.mu}});
  return out;
}

// ---- text ----

std::string count(double v) {
  return std::to_string(static_cast<std::int64_t>(v));
}
const char* tick(bool ok) {
  return ok ? "✓" : "✗ does not reconcile";
}
std::string join(const std::vector<std::string>& v, const char* sep = ",") {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : sep) + s;
  return out;
}
std::string parcel_name(const FlagChange& c) {
  std::string s = c.parcel_id.empty() ? "(no parcel_id)" : c.parcel_id;
  if (c.new_fid)
    s += " (fid " + std::to_string(*c.new_fid) + ")";
  else if (c.old_fid)
    s += " (old fid " + std::to_string(*c.old_fid) + ")";
  return s;
}

// Prints at most `limit` items (0 = all), then how many were left out.
template <class T, class F>
void list(std::ostream& out, const std::vector<T>& items, std::size_t limit, F line) {
  std::size_t k = 0;
  for (const auto& item : items) {
    if (limit && k == limit) {
      out << "    … and " << items.size() - limit << " more (see --json)\n";
      break;
    }
    out << "    " << line(item) << "\n";
    ++k;
  }
}

std::string record_line(const OutputRecord& r) {
  return r.record_id + "  " + (r.mode.empty() ? "(no mode)" : r.mode) + "  " +
         (r.date.empty() ? "(no date)" : r.date) + "  " + (r.status.empty() ? "—" : r.status) + "  " +
         (r.counted ? "counted, freed " + format_number(r.freed_mu) + " mu"
                    : "not counted" + (r.reason.empty() ? "" : " (" + r.reason + ")"));
}

std::string field_text(const OutputRecord& r, const std::string& field) {
  if (field == "mode") return r.mode.empty() ? "(none)" : r.mode;
  if (field == "date") return r.date.empty() ? "(none)" : r.date;
  if (field == "status") return r.status.empty() ? "(none)" : r.status;
  if (field == "counted") return r.counted ? "yes" : "no";
  if (field == "freed_mu") return format_number(r.freed_mu);
  return format_number(r.industrial_mu);
}

}  // namespace

json diff_json(const RunDiff& d) {
  json j;
  j["old"] = {{"dir", d.old_dir.string()}, {"as_of", d.old_as_of}};
  j["new"] = {{"dir", d.new_dir.string()}, {"as_of", d.new_as_of}};
  j["reconciles"] = d.reconciles();

  json inputs = json::array();
  for (const auto& c : d.inputs)
    inputs.push_back({{"what", c.what},
                      {"old", c.old_value.empty() ? json(nullptr) : json(c.old_value)},
                      {"new", c.new_value.empty() ? json(nullptr) : json(c.new_value)}});
  j["inputs_changed"] = inputs;

  const FlagDiff& f = d.low_efficiency;
  json low;
  low["parcels"] = counts(f.parcels, "newly_flagged", "no_longer_flagged");
  low["match"] = {{"old_parcels", f.match.old_parcels},     {"new_parcels", f.match.new_parcels},
                  {"by_parcel_id", f.match.by_id},          {"by_source_fid", f.match.by_fid},
                  {"unmatched_old", f.match.unmatched_old}, {"unmatched_new", f.match.unmatched_new}};
  low["mu"] = change(f.mu);
  json by = json::object();
  for (const auto& [c, v] : f.by_criterion)
    by[c] = {{"parcels", count_change(v.first)}, {"mu", change(v.second)}};
  low["by_criterion"] = by;
  for (const auto& [key, v] :
       {std::pair{"newly_flagged", &f.newly_flagged}, std::pair{"no_longer_flagged", &f.no_longer_flagged},
        std::pair{"criteria_changed", &f.criteria_changed}}) {
    json arr = json::array();
    for (const auto& c : *v)
      arr.push_back(flag(c));
    low[key] = arr;
  }
  j["low_efficiency"] = low;

  const FreedDiff& fr = d.freed;
  json freed;
  freed["mu"] = {{"old", fr.mu.old_total},
                 {"added", fr.mu.added},
                 {"removed", fr.mu.removed},
                 {"new", fr.mu.new_total},
                 {"delta", fr.mu.new_total - fr.mu.old_total},
                 {"residual", fr.mu.residual()},
                 {"reconciles", fr.mu.ok}};
  freed["ground_added_by_record"] = grounds(fr.added_by_record);
  freed["ground_removed_by_record"] = grounds(fr.removed_by_record);
  freed["pieces"] = {{"old", fr.old_pieces},
                     {"new", fr.new_pieces},
                     {"unchanged", fr.unchanged_pieces},
                     {"added", fr.added_pieces},
                     {"removed", fr.removed_pieces}};
  freed["by_year"] = changes(fr.by_year);
  freed["by_district"] = changes(fr.by_district);
  freed["by_mode"] = changes(fr.by_mode);
  freed["records_counted"] = count_change(fr.records_counted);
  j["freed"] = freed;

  const RecordDiff& r = d.records;
  json recs;
  recs["records"] = counts(r.records, "added", "removed");
  recs["counted"] = counts(r.counted, "now_counted", "no_longer_counted");
  json added = json::array(), removed = json::array(), changed = json::array();
  for (const auto& x : r.added)
    added.push_back(record(x));
  for (const auto& x : r.removed)
    removed.push_back(record(x));
  for (const auto& c : r.changed) {
    json fields = json::object();
    for (const auto& name : c.fields)
      fields[name] = {{"old", field_value(c.old_record, name)}, {"new", field_value(c.new_record, name)}};
    changed.push_back({{"record_id", c.record_id},
                       {"fields", fields},
                       {"reason", {{"old", c.old_record.reason}, {"new", c.new_record.reason}}}});
  }
  recs["added"] = added;
  recs["removed"] = removed;
  recs["changed"] = changed;
  j["records"] = recs;

  json up = json::array(), down = json::array(), parks = json::array();
  for (const auto& p : d.parks) {
    if (p.crossed > 0) up.push_back(p.id);
    if (p.crossed < 0) down.push_back(p.id);
    parks.push_back({{"id", p.id},
                     {"name", p.name},
                     {"old", p.old_park ? park(*p.old_park) : json(nullptr)},
                     {"new", p.new_park ? park(*p.new_park) : json(nullptr)},
                     {"crossed", p.crossed > 0   ? json("up")
                                 : p.crossed < 0 ? json("down")
                                                 : json(nullptr)}});
  }
  j["parks"] = {{"crossed_up", up}, {"crossed_down", down}, {"changed", parks}};
  j["notes"] = d.notes;
  return j;
}

void write_diff_json(const std::filesystem::path& file, const RunDiff& d) {
  std::ofstream out(file, std::ios::binary);
  out << diff_json(d).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  if (!out) throw Error(ErrorKind::output, "cannot write the file", {.file = file.string()});
}

namespace {

// The inputs whose hashes or versions differ (digests shortened to 12 characters).
void write_inputs_text(std::ostream& out, const std::vector<InputChange>& inputs) {
  out << "\n输入 inputs\n";
  if (inputs.empty()) out << "  无变化 unchanged (profile, project, every input file)\n";
  for (const auto& c : inputs) {
    const auto show = [&](const std::string& v) {
      if (v.empty()) return std::string("(none)");
      return c.what == "tool" || c.what == "as_of" ? v : v.substr(0, 12) + "…";
    };
    out << "  " << c.what << ": " << show(c.old_value) << " → " << show(c.new_value) << "\n";
  }
}

// RULES.md 14: how the parcels were matched, the flagged totals reconciled, the parcels whose flags changed.
void write_flags_text(std::ostream& out, const FlagDiff& f, std::size_t limit) {
  out << "\n低效用地 low-efficiency parcels (RULES.md 14)\n";
  out << "  宗地匹配 parcels: " << f.match.old_parcels << " old, " << f.match.new_parcels << " new; matched "
      << f.match.by_id << " by parcel_id, " << f.match.by_fid << " by source_fid; not matched "
      << f.match.unmatched_old << " old, " << f.match.unmatched_new << " new\n";
  out << "  " << count(f.parcels.old_total) << " + " << count(f.parcels.added) << " newly flagged − "
      << count(f.parcels.removed) << " no longer flagged = " << count(f.parcels.new_total) << "  "
      << tick(f.parcels.ok) << "\n";
  out << "  mu " << format_number(f.mu.old_value) << " → " << format_number(f.mu.new_value) << " ("
      << format_number(f.mu.delta(), "%+.2f") << ")\n";
  for (const auto& [c, v] : f.by_criterion)
    if (v.first.delta() != 0 || std::abs(v.second.delta()) > kReconcileMu)
      out << "    " << c << ": " << count(v.first.old_value) << " → " << count(v.first.new_value)
          << " parcels, " << format_number(v.second.old_value) << " → " << format_number(v.second.new_value)
          << " mu\n";
  const auto flag_line = [](const FlagChange& c) {
    return parcel_name(c) + ": " + join(c.new_criteria.empty() ? c.old_criteria : c.new_criteria) +
           (!c.old_fid   ? "  (new in the parcel layer)"
            : !c.new_fid ? "  (gone from the parcel layer)"
                         : "");
  };
  if (!f.newly_flagged.empty()) {
    out << "  新增认定 newly flagged (" << f.newly_flagged.size() << "):\n";
    list(out, f.newly_flagged, limit, flag_line);
  }
  if (!f.no_longer_flagged.empty()) {
    out << "  不再认定 no longer flagged (" << f.no_longer_flagged.size() << "):\n";
    list(out, f.no_longer_flagged, limit, flag_line);
  }
  if (!f.criteria_changed.empty()) {
    out << "  判定依据变化 criteria changed (" << f.criteria_changed.size() << "):\n";
    list(out, f.criteria_changed, limit, [](const FlagChange& c) {
      std::string s = parcel_name(c) + ":";
      for (const auto& x : c.criteria_added)
        s += " +" + x;
      for (const auto& x : c.criteria_removed)
        s += " −" + x;
      return s;
    });
  }
}

// RULES.md 17: the freed ground reconciled, its changes by year, district and mode, and by record.
void write_freed_text(std::ostream& out, const FreedDiff& fr, std::size_t limit) {
  out << "\n腾出土地 freed land, mu (RULES.md 17)\n";
  out << "  " << format_number(fr.mu.old_total) << " + " << format_number(fr.mu.added)
      << " ground newly freed − " << format_number(fr.mu.removed)
      << " ground no longer freed = " << format_number(fr.mu.new_total) << "  " << tick(fr.mu.ok) << "  (Δ "
      << format_number(fr.mu.new_total - fr.mu.old_total, "%+.2f") << ")\n";
  out << "  pieces: " << fr.old_pieces << " old, " << fr.new_pieces << " new; " << fr.unchanged_pieces
      << " unchanged, " << fr.added_pieces << " added, " << fr.removed_pieces << " removed\n";
  for (const auto& [label, m] : {std::pair{"by year", &fr.by_year}, std::pair{"by district", &fr.by_district},
                                 std::pair{"by mode", &fr.by_mode}}) {
    std::string line;
    for (const auto& [k, c] : *m)
      if (std::abs(c.delta()) > kReconcileMu)
        line += "  " + k + " " + format_number(c.old_value) + " → " + format_number(c.new_value) + " (" +
                format_number(c.delta(), "%+.2f") + ")";
    if (!line.empty()) out << "  " << label << ":" << line << "\n";
  }
  const auto ground_line = [](const char* sign) {
    return [sign](const RecordGround& g) { return g.record_id + "  " + sign + format_number(g.mu) + " mu"; };
  };
  if (!fr.added_by_record.empty()) {
    out << "  本期新腾出 newly freed, by record:\n";
    list(out, fr.added_by_record, limit, ground_line("+"));
  }
  if (!fr.removed_by_record.empty()) {
    out << "  不再计入 no longer freed, by the record it was attributed to:\n";
    list(out, fr.removed_by_record, limit, ground_line("−"));
  }
}

// RULES.md 16: the register's records and counted records reconciled, then those added, removed, changed.
void write_records_text(std::ostream& out, const RecordDiff& r, std::size_t limit) {
  out << "\n更新台账 renewal records (RULES.md 16)\n";
  out << "  " << count(r.records.old_total) << " + " << count(r.records.added) << " added − "
      << count(r.records.removed) << " removed = " << count(r.records.new_total) << "  " << tick(r.records.ok)
      << ";  " << r.changed.size() << " changed\n";
  out << "  计入 counted: " << count(r.counted.old_total) << " + " << count(r.counted.added) << " − "
      << count(r.counted.removed) << " = " << count(r.counted.new_total) << "  " << tick(r.counted.ok)
      << "\n";
  if (!r.added.empty()) {
    out << "  新增 added (" << r.added.size() << "):\n";
    list(out, r.added, limit, [](const OutputRecord& x) { return "+ " + record_line(x); });
  }
  if (!r.removed.empty()) {
    out << "  删除 removed (" << r.removed.size() << "):\n";
    list(out, r.removed, limit, [](const OutputRecord& x) { return "− " + record_line(x); });
  }
  if (!r.changed.empty()) {
    out << "  变更 changed (" << r.changed.size() << "):\n";
    list(out, r.changed, limit, [](const RecordChange& c) {
      std::string s = "~ " + c.record_id + " ";
      for (std::size_t k = 0; k < c.fields.size(); ++k)
        s += std::string(k ? "; " : "") + c.fields[k] + " " + field_text(c.old_record, c.fields[k]) + " → " +
             field_text(c.new_record, c.fields[k]);
      if (c.old_record.reason != c.new_record.reason && !c.new_record.reason.empty())
        s += " (" + c.new_record.reason + ")";
      return s;
    });
  }
}

// RULES.md 9: the parks that crossed the +0.5 line either way, then each park's FAR and uplift.
void write_parks_text(std::ostream& out, const std::vector<ParkChange>& parks) {
  out << "\n园区容积率 parks, FAR +0.5 (RULES.md 9)\n";
  std::string up, down;
  for (const auto& p : parks) {
    if (p.crossed > 0) up += " " + p.id + " " + p.name;
    if (p.crossed < 0) down += " " + p.id + " " + p.name;
  }
  out << "  达标 now meets:" << (up.empty() ? " none" : up) << "\n";
  out << "  不再达标 no longer meets:" << (down.empty() ? " none" : down) << "\n";
  for (const auto& p : parks) {
    out << "  " << p.id << " " << p.name << ": ";
    if (!p.old_park || !p.new_park) {
      out << (p.old_park ? "only in the old run" : "only in the new run") << "\n";
      continue;
    }
    const OutputPark &a = *p.old_park, &b = *p.new_park;
    out << "FAR before " << format_number_or_dash(a.far_before) << " → "
        << format_number_or_dash(b.far_before) << ", after " << format_number_or_dash(a.far_after) << " → "
        << format_number_or_dash(b.far_after) << ", uplift " << format_number_or_dash(a.uplift, "%+.3f")
        << " → " << format_number_or_dash(b.uplift, "%+.3f")
        << (p.crossed > 0   ? "  ↑ meets +0.5"
            : p.crossed < 0 ? "  ↓ below +0.5"
                            : "")
        << "\n";
  }
}

}  // namespace

void write_diff_text(std::ostream& out, const RunDiff& d, std::size_t limit) {
  out << "landrenew diff\n";
  out << "  旧 old  " << d.old_dir.string() << " (as of " << d.old_as_of << ")\n";
  out << "  新 new  " << d.new_dir.string() << " (as of " << d.new_as_of << ")\n";

  write_inputs_text(out, d.inputs);
  write_flags_text(out, d.low_efficiency, limit);
  write_freed_text(out, d.freed, limit);
  write_records_text(out, d.records, limit);
  write_parks_text(out, d.parks);

  for (const auto& n : d.notes)
    out << "\nnote: " << n << "\n";
  out << "\n对账 reconciliation: "
      << (d.reconciles() ? "every total reconciles (old + added − removed = new) ✓"
                         : "✗ some totals do not reconcile")
      << "\n";
}

}  // namespace landrenew::diff
