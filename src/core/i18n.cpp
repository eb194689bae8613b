#include "landrenew/core/i18n.hpp"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <locale>
#include <sstream>
#include <vector>

#include <boost/locale/format.hpp>
#include <boost/locale/gnu_gettext.hpp>
#include <boost/locale/message.hpp>

#include "landrenew/core/text.hpp"

namespace landrenew {

namespace detail {
// The compiled Chinese catalogue (msgcat po/zh_CN/*.po | msgfmt), embedded by src/core/embed_catalogue.cmake.
extern const std::string_view catalogue_zh_CN;
}  // namespace detail

namespace {

std::atomic<Language> g_language{Language::en};

constexpr const char* kDomain = "landrenew";
constexpr const char* kCataloguePath = "embedded";

/// The Chinese catalogue as a Boost.Locale messages facet. Boost.Locale asks its file callback for
/// "<path>/<lang>[_<COUNTRY>]/LC_MESSAGES/<domain>.mo"; the only file it finds is the embedded one.
const boost::locale::message_format<char>& chinese_catalogue() {
  static const std::locale catalogue = [] {
    boost::locale::gnu_gettext::messages_info info;
    info.language = "zh";
    info.country = "CN";
    info.encoding = "UTF-8";
    info.domains.emplace_back(kDomain);
    info.paths.emplace_back(kCataloguePath);
    info.callback = [](const std::string& file, const std::string&) {
      const std::string wanted = std::string(kCataloguePath) + "/zh_CN/LC_MESSAGES/" + kDomain + ".mo";
      if (file != wanted) return std::vector<char>{};
      return std::vector<char>(detail::catalogue_zh_CN.begin(), detail::catalogue_zh_CN.end());
    };
    return std::locale(std::locale::classic(), boost::locale::gnu_gettext::create_messages_facet<char>(info));
  }();
  return std::use_facet<boost::locale::message_format<char>>(catalogue);
}

}  // namespace

std::optional<Language> language_named(std::string_view name) {
  const std::string upper = ascii_upper(trim(name));
  if (upper.empty()) return std::nullopt;
  if (upper == "C" || upper == "POSIX" || upper.starts_with("C.") || upper.starts_with("POSIX."))
    return Language::en;
  const std::string lang = upper.substr(0, upper.find_first_of("_-.@"));
  if (lang == "ZH") return Language::zh;
  if (lang == "EN") return Language::en;
  return std::nullopt;
}

Language language_from_environment(const std::function<const char*(const char*)>& getenv) {
  auto value = [&](const char* name) {
    const char* v = getenv(name);
    return std::string_view(v ? v : "");
  };
  std::string_view locale;
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (!(locale = value(name)).empty()) break;
  const std::optional<Language> from_locale = language_named(locale);
  // GNU gettext ignores LANGUAGE in the C locale (its messages could not be shown in ASCII).
  if (locale.empty() || locale == "C" || locale == "POSIX") return Language::en;
  std::string_view languages = value("LANGUAGE");
  while (!languages.empty()) {
    const std::size_t colon = languages.find(':');
    if (const auto l = language_named(languages.substr(0, colon))) return *l;
    languages = colon == std::string_view::npos ? std::string_view{} : languages.substr(colon + 1);
  }
  return from_locale.value_or(Language::en);
}

Language language_from_environment() {
  return language_from_environment([](const char* name) { return std::getenv(name); });
}

void set_language(Language language) noexcept {
  g_language.store(language, std::memory_order_relaxed);
}

Language current_language() noexcept {
  return g_language.load(std::memory_order_relaxed);
}

const char* translate(Language language, const char* msgid) {
  if (language == Language::en || msgid == nullptr || *msgid == '\0') return msgid;
  const char* s = chinese_catalogue().get(0, nullptr, msgid);
  return s ? s : msgid;
}

const char* translate_plural(Language language, const char* singular, const char* plural, unsigned long n) {
  if (language == Language::zh)
    if (const char* s = chinese_catalogue().get(0, nullptr, singular, static_cast<int>(n % 1000000)))
      return s;
  return n == 1 ? singular : plural;
}

std::string substitute(const char* pattern, std::initializer_list<std::string_view> args) {
  // basic_format keeps a pointer to each argument until str(): they are the list's own elements.
  boost::locale::format f{std::string(pattern)};
  for (const std::string_view& a : args)
    f % a;
  return f.str(std::locale::classic());
}

namespace {
/// The C locale's numbers with thousands grouped by commas, as the report writes them.
struct GroupedThousands : std::numpunct<char> {
  char do_thousands_sep() const override { return ','; }
  std::string do_grouping() const override { return "\3"; }
};
const std::locale& grouped_locale() {
  static const std::locale locale(std::locale::classic(), new GroupedThousands);
  return locale;
}
}  // namespace

std::string grouped(double v, int decimals) {
  if (!std::isfinite(v)) return "—";
  std::ostringstream out;
  out.imbue(grouped_locale());
  out << std::fixed << std::setprecision(decimals) << v;
  return out.str();
}

Text quantity(double v, int decimals) {
  if (!std::isfinite(v)) return untranslated("—");
  std::ostringstream plain;
  plain.imbue(std::locale::classic());
  plain << std::fixed << std::setprecision(decimals) << v;
  return {plain.str(), grouped(v, decimals)};
}

std::string grouped_count(unsigned long long n) {
  std::ostringstream out;
  out.imbue(grouped_locale());
  out << n;
  return out.str();
}

}  // namespace landrenew
