#pragma once
// The parts of a QGIS style shared by a QML document and a map layer of a project file.
#include <string>

#include "landrenew/out/qgis.hpp"

namespace landrenew::out::qml {

/// QGIS 3.22's version string, as it writes it into styles and projects.
inline constexpr const char* kQgisVersion = "3.22.16-Białowieża";

/// The attributes QGIS puts on the <qgis> element of a QML and on a project's <maplayer> (a leading space
/// included): labels on, scale-based visibility.
std::string layer_attributes(const LayerStyle& style);

/// <renderer-v2>, <labeling>, <aliases> and <layerGeometryType>, each line indented by `indent`.
std::string style_elements(const LayerStyle& style, const std::string& indent);

/// A number in the shortest form that reads back to the same double ("0.5", "1e+08").
std::string number(double v);

}  // namespace landrenew::out::qml
