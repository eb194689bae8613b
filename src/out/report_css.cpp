// The style sheet of report.html: screen and A4 print, Chinese fonts that ship with the systems planners use
// (Noto Sans CJK SC on Debian, PingFang on macOS, Microsoft YaHei on Windows), nothing loaded from elsewhere.
#include "report_parts.hpp"

namespace landrenew::out::report {

const char* const kCss = R"CSS(
:root{--ink:#222;--muted:#666;--line:#ddd;--accent:#2171b5}
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0 auto;max-width:1020px;padding:24px 28px 48px;color:var(--ink);background:#fff;font-size:14px;line-height:1.6;
 font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--accent)}
h3{font-size:15px;margin:18px 0 6px}
p{margin:6px 0}
.sub,.note{color:var(--muted)}
.note{font-size:12px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 12px;background:#fafafa}
.card .k{color:var(--muted);font-size:12px}
.card .v{font-size:22px;font-weight:700;line-height:1.3}
.card .n{font-size:12px;color:var(--muted)}
.meter{height:8px;background:#e6e6e6;border-radius:4px;overflow:hidden;margin-top:6px}
.meter span{display:block;height:100%;background:var(--accent)}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 14px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ok{color:#1a7f37;font-weight:600}
.bad{color:#c62828;font-weight:600}
.hash{font-family:"DejaVu Sans Mono",monospace;font-size:11px;word-break:break-all}
svg.chart{width:100%;max-width:900px;height:auto;display:block;margin:4px 0}
svg.chart text{font-size:12px;fill:#333}
.grid{stroke:#e6e6e6}.axisline{stroke:#888}
svg.chart .tick{fill:#666}svg.chart .axis{font-weight:600}
.bar{fill:#2171b5}.bar-past{fill:#c6dbef}.cumline{fill:none;stroke:#08306b;stroke-width:1.5}
.goal{stroke:#d73027;stroke-width:2;stroke-dasharray:7 4}svg.chart .goal-text{fill:#d73027}
.needed{stroke:#d73027;stroke-width:2;stroke-dasharray:3 3}
.achieved{stroke:#6a51a3;stroke-width:2;stroke-dasharray:1 3;stroke-linecap:round}svg.chart .achieved-text{fill:#6a51a3}
.reference{stroke:#d73027;stroke-width:1.5;stroke-dasharray:5 3}svg.chart .reference-text{fill:#d73027}
svg.map{width:100%;height:auto;display:block;border:1px solid var(--line);background:#fff}
.district{stroke:#777;stroke-width:1;vector-effect:non-scaling-stroke;fill-opacity:.45}
.parcel{stroke-width:.7;vector-effect:non-scaling-stroke}
.cluster{fill:none;stroke:#54278f;stroke-width:.6;vector-effect:non-scaling-stroke}
.cluster.candidate{stroke-width:1.6}
.overview .cluster{stroke-width:.3}.overview .cluster.candidate{stroke-width:.6}
.park{fill:none;stroke-width:2.2;vector-effect:non-scaling-stroke}.park.meets{stroke:#1a9850}.park.misses{stroke:#d73027}
.park-area{stroke-width:1;vector-effect:non-scaling-stroke;fill-opacity:.35}
.park-area.meets{fill:#1a9850;stroke:#1a9850}.park-area.misses{fill:#d73027;stroke:#d73027}
svg.inset .parcel{stroke:#fff;stroke-width:.4}
.insets{display:grid;grid-template-columns:repeat(2,1fr);gap:12px}
.inset-figure{margin:0}.inset-figure figcaption{font-size:13px;margin-bottom:2px}
svg.map text{text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-linejoin:round}
.district-label{font-size:1.5em;fill:#555;font-weight:700;stroke-width:.2em}
.park-label{font-weight:700;stroke-width:.3em}.park-label.meets{fill:#0b5d2a}.park-label.misses{fill:#8e1b1b}
.scalebar{fill:none;stroke:#333;stroke-width:1.5;vector-effect:non-scaling-stroke}
svg.map .scale-label,svg.map .north{fill:#333;stroke-width:.2em}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;margin:6px 0}
.legend i{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:-1px;border:1px solid #999}
.legend i.line{height:0;border:0;border-top:3px solid}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;padding:0;font-size:11px}h2{break-after:avoid}
 figure,.cards,.card,tr,svg{break-inside:avoid}.insets{display:block}.inset-figure{display:inline-block;width:49%;vertical-align:top}section{break-before:auto}}
@media (max-width:760px){.cards{grid-template-columns:repeat(2,1fr)}}
)CSS";

}  // namespace landrenew::out::report
