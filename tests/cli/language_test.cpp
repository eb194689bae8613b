// The command line in Chinese and English (issue 21 item 6): the language changes what is printed, never
// what is written or how landrenew exits.
#include <array>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixtures.hpp"

using landrenew::test::bin;
using landrenew::test::demo_dir;
using landrenew::test::quote;
using landrenew::test::manifest_without_run;
using landrenew::test::read_file;
using landrenew::test::report_without_run_time;
using landrenew::test::run;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The locales a planner's and a server's shell have; LANGUAGE and LC_ALL cleared so that only these decide.
constexpr const char* kChinese = "env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 ";
constexpr const char* kEnglish = "env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C ";

bool has_cjk(const std::string& s) {
  return s.find("\xe6") != std::string::npos || s.find("\xe5") != std::string::npos ||
         s.find("\xe7") != std::string::npos || s.find("\xe4") != std::string::npos;
}

}  // namespace

TEST(Language, RunWritesTheSameFilesUnderAChineseAndAnEnglishLocaleAndWithLangZh) {
  landrenew::test::TempDir dir;
  const fs::path en = dir / "en", zh = dir / "zh", opt = dir / "opt";
  const std::string project = quote(demo_dir / "project.toml");
  std::vector<std::string> printed;
  for (const auto& [prefix, out, extra] : {std::tuple{kEnglish, en, ""}, std::tuple{kChinese, zh, ""},
                                           std::tuple{kEnglish, opt, " --lang zh"}}) {
    auto [code, text] = run(std::string(prefix) + bin + " run " + project + " -o " + quote(out) + extra);  // NOLINT
    ASSERT_EQ(code, 0) << text;
    for (auto at = text.find(out.string()); at != std::string::npos; at = text.find(out.string()))
      text.replace(at, out.string().size(), "OUT_DIR");
    printed.push_back(text);
  }
  EXPECT_NE(printed[0], printed[1]);  // what is printed does change with the locale,
  EXPECT_EQ(printed[1], printed[2]);  // and --lang zh says what a Chinese locale says
  for (const fs::path& other : {zh, opt}) {
    for (const char* f : {"summary.json", "landrenew.gpkg", "tables.xlsx", "landrenew.qgs"})
      EXPECT_EQ(read_file(en / f), read_file(other / f)) << f << " differs in " << other;
    EXPECT_EQ(report_without_run_time(read_file(en / "report.html")),
              report_without_run_time(read_file(other / "report.html")));
    EXPECT_EQ(manifest_without_run(en / "manifest.json"), manifest_without_run(other / "manifest.json"));
  }
  // The files carry findings in both languages: the English message and the Chinese one beside it.
  const json s = json::parse(read_file(en / "summary.json"));
  ASSERT_FALSE(s["findings"]["warnings"].empty());
  for (const json& w : s["findings"]["warnings"]) {
    EXPECT_TRUE(w.contains("message") && w.contains("message_zh")) << w.dump();
    EXPECT_TRUE(has_cjk(w["message_zh"].get<std::string>())) << w.dump();
  }
}

TEST(Language, ExitCodesAreTheSameInBothLanguages) {
  landrenew::test::TempDir dir;
  const std::string project = quote(demo_dir / "project.toml");
  const std::array<std::string, 6> commands = {
      " run",                                                   // a required argument missing: 2
      " run " + quote(dir / "missing.toml") + " -o " + quote(dir / "o"),  // no project file: 3
      " profile check " + quote(dir / "missing-profile.toml"),  // no profile: 4
      " run " + project + " -o " + quote(demo_dir),             // OUT_DIR exists: 7
      " check " + project + " -q",                              // done: 0
      " --lang xx check " + project,                            // --lang takes zh or en: 2
  };
  for (const std::string& c : commands) {
    auto [en_code, en_text] = run(std::string(kEnglish) + bin + c);
    auto [zh_code, zh_text] = run(std::string(kChinese) + bin + c);
    EXPECT_EQ(en_code, zh_code) << c << "\n" << en_text << "\n" << zh_text;
    if (en_code != 0) {
      EXPECT_FALSE(has_cjk(en_text)) << c << ": " << en_text;
      EXPECT_TRUE(has_cjk(zh_text)) << c << ": " << zh_text;  // the error is said in Chinese
    }
  }
}

TEST(Language, LangOptionOverridesTheLocaleAndLanguageIsIgnoredInTheCLocale) {
  // GNU gettext's order: LANGUAGE is honoured unless the locale is C; --lang overrides all of it.
  auto [c_code, c_text] = run("env -u LC_ALL -u LC_MESSAGES LANG=C LANGUAGE=zh_CN " + bin + " --help");
  ASSERT_EQ(c_code, 0);
  EXPECT_NE(c_text.find("Usage"), std::string::npos) << c_text;
  auto [l_code, l_text] = run("env -u LC_ALL -u LC_MESSAGES LANG=en_US.UTF-8 LANGUAGE=zh_CN:en " + bin + " --help");
  ASSERT_EQ(l_code, 0);
  EXPECT_NE(l_text.find("用法"), std::string::npos) << l_text;
  auto [o_code, o_text] = run(std::string(kChinese) + bin + " --help --lang en");
  ASSERT_EQ(o_code, 0);
  EXPECT_NE(o_text.find("Usage"), std::string::npos) << o_text;
  EXPECT_EQ(o_text.find("用法"), std::string::npos) << o_text;
}
