#pragma once
// Units (DOMAIN.md §2, RULES.md 2). Areas are planar square metres in the analysis CRS.

namespace landrenew {

/// 15 mu = 1 hectare exactly, so 1 mu = 10000/15 m² (666.666… m², not the rounded 666.67).
inline constexpr double kSquareMetresPerMu = 10000.0 / 15.0;

/// mu = m² × 15 / 10000, in double precision; rounding happens only when printing.
constexpr double mu_from_m2(double m2) noexcept {
  return m2 * 15.0 / 10000.0;
}
constexpr double m2_from_mu(double mu) noexcept {
  return mu * 10000.0 / 15.0;
}

}  // namespace landrenew
