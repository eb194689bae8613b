#pragma once
// Chinese text for the synthetic registers: company and place names, industry codes and unified social
// credit codes (GB 32100-2015). All names are made up from syllable tables.

#include <string>
#include <vector>

#include "rng.hpp"

namespace landrenew::gen {

// A GB/T 4754-2017 manufacturing class with the word a company of that trade puts in its name.
struct Industry {
  std::string code;
  std::string word;
};

std::size_t utf8_length(const std::string& s);

std::string random_brand(Rng& rng);  // a two-character trade name (字号)
std::vector<std::string> synthetic_towns(Rng& rng, int n);
std::string road_name(Rng& rng);

// Industries for one leading-industry chain (the words used in the parks' ZDCY field); unknown chains and
// "" give the general manufacturing list.
const std::vector<Industry>& industries_for(const std::string& chain);

// Company name of at most `max_chars` characters, e.g. 湖州鑫达新材料科技有限公司.
std::string company_name(Rng& rng, const std::string& place, const Industry& industry, bool small_workshop);
std::string holder_name_non_industrial(Rng& rng, const std::string& place, const std::string& kind);

// 18-character unified social credit code with a valid GB 32100-2015 check character; region is the
// 6-digit code of the registering authority. New-style organisation codes start with "MA".
std::string make_credit_code(Rng& rng, const std::string& region, bool new_style);
char credit_check_char(const std::string& first17);
bool credit_code_valid(const std::string& code);

}  // namespace landrenew::gen
