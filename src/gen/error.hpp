#pragma once
// The generator's one exception type: a failure to run (GDAL refused a file, a preset cannot be laid out).

#include <stdexcept>
#include <string>

namespace landrenew::gen {

class GenError : public std::runtime_error {
 public:
  explicit GenError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace landrenew::gen
