#include <iostream>

#include "landrenew/version.hpp"

int main() {
  std::cout << "landrenew " << landrenew::version() << "\n";
  return 0;
}
