#pragma once
// The language landrenew speaks (issue 21): English or Chinese (简体), from GNU gettext catalogues.
//
// Sources are written in English; every user-facing string is a msgid marked with one of the calls below,
// which is how xgettext finds it (tests/i18n/check_catalogue.py). The Chinese catalogue is po/zh_CN/*.po,
// compiled with msgfmt at build time and looked up through Boost.Locale's gettext implementation (the .mo
// bytes are compiled into the library, so the library and the CLI find them wherever they are installed,
// and the lookup does not depend on the machine having a zh_CN locale generated — glibc's libintl would).
// Terms follow docs/glossary.md.
//
// Placeholders are positional, {1} … {9} (Boost.Locale format), so that a translation can reorder them;
// arguments are strings, already formatted (numbers with the helpers at the bottom).
//
// Outputs never depend on the language: a finding or a warning carries its message in both languages
// (Text), and files are written the same whatever the locale; only what is printed changes.
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace landrenew {

enum class Language : unsigned char { en, zh };

/// "zh", "zh_CN", "zh_CN.UTF-8", "zh_TW", "zh-Hans" → zh; "en…", "C", "POSIX", "C.UTF-8" → en; else nothing.
std::optional<Language> language_named(std::string_view name);

/// The language the environment asks for, read as GNU gettext does: the first non-empty of LC_ALL,
/// LC_MESSAGES and LANG is the locale; "C"/"POSIX" or nothing means English whatever LANGUAGE says;
/// otherwise the first entry of LANGUAGE (a colon-separated list) that names a language landrenew has,
/// else the locale's language, else English.
Language language_from_environment(const std::function<const char*(const char*)>& getenv);
Language language_from_environment();

/// The language of what is printed (process-wide; set once by the CLI before any work starts).
void set_language(Language language) noexcept;
Language current_language() noexcept;

/// Marks a msgid for the catalogue without translating it (tables of constant strings).
constexpr const char* N_(const char* msgid) noexcept {
  return msgid;
}

/// `msgid` in `language`: the catalogue's translation, or `msgid` itself (English; or not in the catalogue).
const char* translate(Language language, const char* msgid);
/// `msgid` in the current language.
inline const char* tr(const char* msgid) {
  return translate(current_language(), msgid);
}
/// The singular or plural form for `n` (English rules; Chinese has one form).
const char* translate_plural(Language language, const char* singular, const char* plural, unsigned long n);
inline const char* trn(const char* singular, const char* plural, unsigned long n) {
  return translate_plural(current_language(), singular, plural, n);
}

/// `pattern` (already translated) with {1} … {9} replaced by `args` (Boost.Locale format).
std::string substitute(const char* pattern, std::initializer_list<std::string_view> args);

/// A message in both languages, made from one msgid: what files keep (they do not depend on the locale).
struct Text {
  std::string en;
  std::string zh;
  Text() = default;
  Text(std::string english, std::string chinese) : en(std::move(english)), zh(std::move(chinese)) {}
  const std::string& in(Language language) const noexcept { return language == Language::zh ? zh : en; }
  const std::string& shown() const noexcept { return in(current_language()); }
  bool empty() const noexcept { return en.empty() && zh.empty(); }
  friend bool operator==(const Text&, const Text&) = default;
};

namespace detail {
template <class T>
std::string_view as_argument(Language language, const T& value, std::string& storage) {
  if constexpr (std::is_same_v<T, Text>) {
    (void)storage;
    return value.in(language);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    (void)storage;
    return std::string_view(value);
  } else {
    static_assert(std::is_integral_v<T>, "format numbers with quantity() or grouped() before passing them");
    storage = std::to_string(value);
    return storage;
  }
}
}  // namespace detail

/// `msgid` translated to `language`, its placeholders replaced. Integral arguments are written as they are
/// (FIDs, row numbers); quantities go through grouped() first; a Text argument gives its own language.
template <class... A>
std::string trf_in(Language language, const char* msgid, const A&... args) {
  std::string storage[sizeof...(A) + 1];
  std::size_t i = 0;
  return substitute(translate(language, msgid), {detail::as_argument(language, args, storage[i++])...});
}
template <class... A>
std::string trf(const char* msgid, const A&... args) {
  return trf_in(current_language(), msgid, args...);
}

template <class... A>
Text tr_both(const char* msgid, const A&... args) {
  return {trf_in(Language::en, msgid, args...), trf_in(Language::zh, msgid, args...)};
}
/// A text that is the same in both languages (a GEOS or GDAL reason, a value as read).
inline Text untranslated(std::string s) {
  return {s, s};
}

// Numbers as people read them (issue 21 item 4; the report's style): thousands grouped with commas.
/// `v` with `decimals` decimals and grouped thousands: 47293.5321 → "47,293.53"; "—" when not finite.
std::string grouped(double v, int decimals = 2);
/// A quantity (亩, m², 万元) for a message in both languages: grouped thousands in Chinese ("5,659.80"); in
/// English as the messages have always written it ("5659.80"), which summary.json and qa_findings readers
/// match today.
Text quantity(double v, int decimals = 2);
/// A count with grouped thousands: 2747 → "2,747" (FIDs and row numbers are not counts: pass them as they
/// are).
std::string grouped_count(unsigned long long n);

}  // namespace landrenew
