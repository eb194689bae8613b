// `landrenew diff` output: the comparison as JSON (--json) and as text for the auditor's screen, each
// reconciliation written out as old + added − removed = new.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <ostream>

#include "landrenew/audit/diff.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"
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
  return ok ? "✓" : tr("✗ does not reconcile");
}
std::string join(const std::vector<std::string>& v, const char* sep = ",") {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : sep) + s;
  return out;
}
std::string parcel_name(const FlagChange& c) {
  const std::string id = c.parcel_id.empty() ? std::string(tr("(no parcel_id)")) : c.parcel_id;
  if (c.new_fid) return trf("{1} (fid {2})", id, *c.new_fid);
  if (c.old_fid) return trf("{1} (old fid {2})", id, *c.old_fid);
  return id;
}

// Prints at most `limit` items (0 = all), then how many were left out.
template <class T, class F>
void list(std::ostream& out, const std::vector<T>& items, std::size_t limit, F line) {
  std::size_t k = 0;
  for (const auto& item : items) {
    if (limit && k == limit) {
      out << trf("    … and {1} more (see --json)", items.size() - limit) << "\n";
      break;
    }
    out << "    " << line(item) << "\n";
    ++k;
  }
}

std::string record_line(const OutputRecord& r) {
  const std::string mode = r.mode.empty() ? std::string(tr("(no mode)")) : r.mode;
  const std::string date = r.date.empty() ? std::string(tr("(no date)")) : r.date;
  const std::string status = r.status.empty() ? "—" : r.status;
  // The register's reason is the run's own text (in its outputs, English): shown as it is.
  const std::string counted = r.counted          ? trf("counted, freed {1} mu", format_number(r.freed_mu))
                              : r.reason.empty() ? std::string(tr("not counted"))
                                                 : trf("not counted ({1})", r.reason);
  return r.record_id + "  " + mode + "  " + date + "  " + status + "  " + counted;
}

std::string field_text(const OutputRecord& r, const std::string& field) {
  if (field == "mode") return r.mode.empty() ? tr("(none)") : r.mode;
  if (field == "date") return r.date.empty() ? tr("(none)") : r.date;
  if (field == "status") return r.status.empty() ? tr("(none)") : r.status;
  if (field == "counted") return r.counted ? tr("yes") : tr("no");
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
  json notes = json::array();
  for (const auto& n : d.notes)
    notes.push_back(n.en);  // diff.json stays in English whatever the language (issue 21)
  j["notes"] = notes;
  return j;
}

void write_diff_json(const std::filesystem::path& file, const RunDiff& d) {
  std::ofstream out(file, std::ios::binary);
  out << diff_json(d).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  if (!out) throw Error(ErrorKind::output, tr("cannot write the file"), {.file = file.string()});
}

namespace {

// The inputs whose hashes or versions differ (digests shortened to 12 characters).
void write_inputs_text(std::ostream& out, const std::vector<InputChange>& inputs) {
  out << "\n" << tr("输入 inputs") << "\n";
  if (inputs.empty()) out << tr("  无变化 unchanged (profile, project, every input file)") << "\n";
  for (const auto& c : inputs) {
    const auto show = [&](const std::string& v) {
      if (v.empty()) return std::string(tr("(none)"));
      return c.what == "tool" || c.what == "as_of" ? v : v.substr(0, 12) + "…";
    };
    out << "  " << c.what << ": " << show(c.old_value) << " → " << show(c.new_value) << "\n";
  }
}

// RULES.md 14: how the parcels were matched, the flagged totals reconciled, the parcels whose flags changed.
void write_flags_text(std::ostream& out, const FlagDiff& f, std::size_t limit) {
  out << "\n" << tr("低效用地 low-efficiency parcels (RULES.md 14)") << "\n";
  out << trf("  宗地匹配 parcels: {1} old, {2} new; matched {3} by parcel_id, {4} by source_fid; not matched "
             "{5} "
             "old, {6} new",
             f.match.old_parcels, f.match.new_parcels, f.match.by_id, f.match.by_fid, f.match.unmatched_old,
             f.match.unmatched_new)
      << "\n";
  out << trf("  {1} + {2} newly flagged − {3} no longer flagged = {4}  {5}", count(f.parcels.old_total),
             count(f.parcels.added), count(f.parcels.removed), count(f.parcels.new_total), tick(f.parcels.ok))
      << "\n";
  out << trf("  mu {1} → {2} ({3})", format_number(f.mu.old_value), format_number(f.mu.new_value),
             format_number(f.mu.delta(), "%+.2f"))
      << "\n";
  for (const auto& [c, v] : f.by_criterion)
    if (v.first.delta() != 0 || std::abs(v.second.delta()) > kReconcileMu)
      out << trf("    {1}: {2} → {3} parcels, {4} → {5} mu", c, count(v.first.old_value),
                 count(v.first.new_value), format_number(v.second.old_value),
                 format_number(v.second.new_value))
          << "\n";
  const auto flag_line = [](const FlagChange& c) {
    const std::string criteria = join(c.new_criteria.empty() ? c.old_criteria : c.new_criteria);
    return !c.old_fid   ? trf("{1}: {2}  (new in the parcel layer)", parcel_name(c), criteria)
           : !c.new_fid ? trf("{1}: {2}  (gone from the parcel layer)", parcel_name(c), criteria)
                        : trf("{1}: {2}", parcel_name(c), criteria);
  };
  if (!f.newly_flagged.empty()) {
    out << trf("  新增认定 newly flagged ({1}):", f.newly_flagged.size()) << "\n";
    list(out, f.newly_flagged, limit, flag_line);
  }
  if (!f.no_longer_flagged.empty()) {
    out << trf("  不再认定 no longer flagged ({1}):", f.no_longer_flagged.size()) << "\n";
    list(out, f.no_longer_flagged, limit, flag_line);
  }
  if (!f.criteria_changed.empty()) {
    out << trf("  判定依据变化 criteria changed ({1}):", f.criteria_changed.size()) << "\n";
    list(out, f.criteria_changed, limit, [](const FlagChange& c) {
      std::string s;
      for (const auto& x : c.criteria_added)
        s += " +" + x;
      for (const auto& x : c.criteria_removed)
        s += " −" + x;
      return trf("{1}:{2}", parcel_name(c), s);
    });
  }
}

// RULES.md 17: the freed ground reconciled, its changes by year, district and mode, and by record.
void write_freed_text(std::ostream& out, const FreedDiff& fr, std::size_t limit) {
  out << "\n" << tr("腾出土地 freed land, mu (RULES.md 17)") << "\n";
  out << trf("  {1} + {2} ground newly freed − {3} ground no longer freed = {4}  {5}  (Δ {6})",
             format_number(fr.mu.old_total), format_number(fr.mu.added), format_number(fr.mu.removed),
             format_number(fr.mu.new_total), tick(fr.mu.ok),
             format_number(fr.mu.new_total - fr.mu.old_total, "%+.2f"))
      << "\n";
  out << trf("  pieces: {1} old, {2} new; {3} unchanged, {4} added, {5} removed", fr.old_pieces,
             fr.new_pieces, fr.unchanged_pieces, fr.added_pieces, fr.removed_pieces)
      << "\n";
  for (const auto& [label, m] :
       {std::pair{N_("by year"), &fr.by_year}, std::pair{N_("by district"), &fr.by_district},
        std::pair{N_("by mode"), &fr.by_mode}}) {
    std::string line;
    for (const auto& [k, c] : *m)
      if (std::abs(c.delta()) > kReconcileMu)
        line += trf("  {1} {2} → {3} ({4})", k, format_number(c.old_value), format_number(c.new_value),
                    format_number(c.delta(), "%+.2f"));
    if (!line.empty()) out << trf("  {1}:{2}", tr(label), line) << "\n";
  }
  const auto ground_line = [](const char* sign) {
    return [sign](const RecordGround& g) {
      return trf("{1}  {2}{3} mu", g.record_id, sign, format_number(g.mu));
    };
  };
  if (!fr.added_by_record.empty()) {
    out << tr("  本期新腾出 newly freed, by record:") << "\n";
    list(out, fr.added_by_record, limit, ground_line("+"));
  }
  if (!fr.removed_by_record.empty()) {
    out << tr("  不再计入 no longer freed, by the record it was attributed to:") << "\n";
    list(out, fr.removed_by_record, limit, ground_line("−"));
  }
}

// RULES.md 16: the register's records and counted records reconciled, then those added, removed, changed.
void write_records_text(std::ostream& out, const RecordDiff& r, std::size_t limit) {
  out << "\n" << tr("更新台账 renewal records (RULES.md 16)") << "\n";
  out << trf("  {1} + {2} added − {3} removed = {4}  {5};  {6} changed", count(r.records.old_total),
             count(r.records.added), count(r.records.removed), count(r.records.new_total), tick(r.records.ok),
             r.changed.size())
      << "\n";
  out << trf("  计入 counted: {1} + {2} − {3} = {4}  {5}", count(r.counted.old_total), count(r.counted.added),
             count(r.counted.removed), count(r.counted.new_total), tick(r.counted.ok))
      << "\n";
  if (!r.added.empty()) {
    out << trf("  新增 added ({1}):", r.added.size()) << "\n";
    list(out, r.added, limit, [](const OutputRecord& x) { return "+ " + record_line(x); });
  }
  if (!r.removed.empty()) {
    out << trf("  删除 removed ({1}):", r.removed.size()) << "\n";
    list(out, r.removed, limit, [](const OutputRecord& x) { return "− " + record_line(x); });
  }
  if (!r.changed.empty()) {
    out << trf("  变更 changed ({1}):", r.changed.size()) << "\n";
    list(out, r.changed, limit, [](const RecordChange& c) {
      std::string fields;
      for (const auto& name : c.fields) {
        const std::string change =
            name + " " + field_text(c.old_record, name) + " → " + field_text(c.new_record, name);
        fields = fields.empty() ? change : trf("{1}; {2}", fields, change);
      }
      // The register's reason is the run's own text (its outputs are in English): shown as it is.
      if (c.old_record.reason != c.new_record.reason && !c.new_record.reason.empty())
        fields = trf("{1} ({2})", fields, c.new_record.reason);
      return "~ " + c.record_id + " " + fields;
    });
  }
}

// RULES.md 9: the parks that crossed the +0.5 line either way, then each park's FAR and uplift.
void write_parks_text(std::ostream& out, const std::vector<ParkChange>& parks) {
  out << "\n" << tr("园区容积率 parks, FAR +0.5 (RULES.md 9)") << "\n";
  std::string up, down;
  for (const auto& p : parks) {
    if (p.crossed > 0) up += " " + p.id + " " + p.name;
    if (p.crossed < 0) down += " " + p.id + " " + p.name;
  }
  out << tr("  达标 now meets:") << (up.empty() ? tr(" none") : up) << "\n";
  out << tr("  不再达标 no longer meets:") << (down.empty() ? tr(" none") : down) << "\n";
  for (const auto& p : parks) {
    out << "  " << p.id << " " << p.name << ": ";
    if (!p.old_park || !p.new_park) {
      out << (p.old_park ? tr("only in the old run") : tr("only in the new run")) << "\n";
      continue;
    }
    const OutputPark &a = *p.old_park, &b = *p.new_park;
    out << trf("FAR before {1} → {2}, after {3} → {4}, uplift {5} → {6}", format_number_or_dash(a.far_before),
               format_number_or_dash(b.far_before), format_number_or_dash(a.far_after),
               format_number_or_dash(b.far_after), format_number_or_dash(a.uplift, "%+.3f"),
               format_number_or_dash(b.uplift, "%+.3f"))
        << (p.crossed > 0   ? tr("  ↑ meets +0.5")
            : p.crossed < 0 ? tr("  ↓ below +0.5")
                            : "")
        << "\n";
  }
}

}  // namespace

void write_diff_text(std::ostream& out, const RunDiff& d, std::size_t limit) {
  out << "landrenew diff\n";
  out << trf("  旧 old  {1} (as of {2})", d.old_dir.string(), d.old_as_of) << "\n";
  out << trf("  新 new  {1} (as of {2})", d.new_dir.string(), d.new_as_of) << "\n";

  write_inputs_text(out, d.inputs);
  write_flags_text(out, d.low_efficiency, limit);
  write_freed_text(out, d.freed, limit);
  write_records_text(out, d.records, limit);
  write_parks_text(out, d.parks);

  for (const auto& n : d.notes)
    out << "\n" << trf("note: {1}", n.shown()) << "\n";
  out << "\n"
      << (d.reconciles() ? tr("对账 reconciliation: every total reconciles (old + added − removed = new) ✓")
                         : tr("对账 reconciliation: ✗ some totals do not reconcile"))
      << "\n";
}

}  // namespace landrenew::diff
