<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>landrenew</name>
    <message>
      <location filename="../algorithms.py" />
      <source>landrenew {version} at {path}</source>
      <translation>landrenew {version}({path})</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Project file (TOML) — or pick the layers below</source>
      <translation>项目文件(TOML)——或在下方选择图层</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>(required without a project file)</source>
      <translation>(无项目文件时必选)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Policy profile: built-in name (empty: landrenew's default, huzhou-2023)</source>
      <translation>政策配置:内置名称(留空:landrenew 默认的 huzhou-2023)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Policy profile: the bureau's own file (instead of a built-in name)</source>
      <translation>政策配置:本局自己的配置文件(代替内置名称)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Audit date (empty: landrenew's default)</source>
      <translation>评价基准日(留空:landrenew 默认值)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>In the dialog: pre-select in each picked layer the fields landrenew detects</source>
      <translation>在对话框中:为所选的每个图层预先选中 landrenew 识别出的字段</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Give a built-in profile name or a profile file, not both.</source>
      <translation>请给出内置政策配置名称或配置文件,不能两者都给。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Give either a project file or layers picked from the project, not both.</source>
      <translation>请给出项目文件或从项目中选择的图层,不能两者都给。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>The policy profile and the audit date are set in the project file; they apply only to layers picked from the QGIS project.</source>
      <translation>政策配置和评价基准日在项目文件中设置;这两项只用于从 QGIS 项目中选择的图层。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Give a project file, or pick at least the parcel layer.</source>
      <translation>请给出项目文件,或至少选择宗地图层。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>The parcel layer is required: pick it, or give a project file.</source>
      <translation>宗地图层为必选:请选择它,或给出项目文件。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>landrenew {version} at {path} has no `init` command, which the layers picked from the project need; give a project file instead, or install a landrenew with `init`.</source>
      <translation>{path} 处的 landrenew {version} 没有 `init` 命令,而从项目中选择图层需要它;请改为给出项目文件,或安装带 `init` 的 landrenew。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Writing the project file of the picked layers: {path}</source>
      <translation>正在写出所选图层的项目文件:{path}</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Report (report.html)</source>
      <translation>报告(report.html)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Headline figures (summary.json)</source>
      <translation>主要指标(summary.json)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Result layers (landrenew.gpkg)</source>
      <translation>结果图层(landrenew.gpkg)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>QGIS project (landrenew.qgs)</source>
      <translation>QGIS 项目(landrenew.qgs)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Project file of the run</source>
      <translation>本次运行的项目文件</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Industrial land (mu)</source>
      <translation>工业用地(亩)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Low-efficiency land (mu)</source>
      <translation>低效用地(亩)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Freed land (mu)</source>
      <translation>腾出土地(亩)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Add the styled result layers to the current project</source>
      <translation>将带样式的结果图层加入当前项目</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Threads (0: the number of cores; the results are the same whatever the number)</source>
      <translation>线程数(0:按CPU核数;结果与线程数无关)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Canceled: landrenew was stopped before it finished; {path} is as it was before this run.</source>
      <translation>已取消:landrenew 在完成前被停止;{path} 保持本次运行前的内容不变。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>landrenew — {folder}</source>
      <translation>landrenew — {folder}</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Added {count} styled layers to the project, in the group '{group}'.</source>
      <translation>已将 {count} 个带样式的图层加入项目图层组“{group}”。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Run analysis</source>
      <translation>运行分析</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Runs landrenew's analysis: industrial land, low-efficiency land by criterion, clusters, 亩均 classes, freed land and each park's FAR. Give a project file, or pick the layers from the current project (the parcels are required) with their fields — a field left empty is detected by landrenew — a policy profile and the audit date; the picked layers are written to project.toml in the output folder, so the run can be repeated with `landrenew run`. The output folder is replaced only when the run succeeds; Cancel leaves the previous one as it was. The styled result layers are added to the project in a group, as landrenew.qgs shows them, and report.html opens from the results.</source>
      <translation>运行 landrenew 分析:工业用地、按判定标准的低效用地、连片、亩均评价等级、腾出土地及各园区容积率。给出项目文件,或从当前项目中选择图层(宗地必选)及其字段——留空的字段由 landrenew 自动识别——以及政策配置和评价基准日;所选图层写入输出文件夹中的 project.toml,可用 `landrenew run` 在命令行重复运行。只有运行成功时才替换输出文件夹;取消则保留原有结果不变。带样式的结果图层按 landrenew.qgs 的样子以图层组加入项目,report.html 可从结果中打开。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Output folder</source>
      <translation>输出文件夹</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Scenario</source>
      <translation>情景</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Runs the analysis with a scenario file (landrenew run --scenario): what renewing the candidate parcels or clusters to a target FAR would add to the freed tally and to each park's FAR. Writes every output of a run and scenario.json.</source>
      <translation>带情景文件运行分析(landrenew run --scenario):候选宗地或连片按目标容积率更新后,对腾出土地总量和各园区容积率的增量。写出一次运行的全部结果及 scenario.json。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Project file (TOML)</source>
      <translation>项目文件(TOML)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Scenario file (TOML)</source>
      <translation>情景文件(TOML)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Scenario figures (scenario.json)</source>
      <translation>情景指标(scenario.json)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Freed land the scenario adds (mu)</source>
      <translation>情景新增腾出土地(亩)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Check inputs</source>
      <translation>检查数据</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Reads and validates the inputs (landrenew check): per layer the driver, encoding, CRS, field mapping, the accounting line read = used + rejected, and the findings by kind with examples. Give a project file, or pick the layers from the current project. Writes nothing but the report.</source>
      <translation>读取并检查输入数据(landrenew check):逐图层给出驱动、编码、坐标系、字段对应、读取 = 使用 + 拒绝 的核算行,以及按类别的问题和示例。给出项目文件,或从当前项目中选择图层。除报告外不写任何文件。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Findings shown per kind and layer (0: counts only)</source>
      <translation>每类问题每个图层显示的示例数(0:只显示数量)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Only the accounting lines and totals</source>
      <translation>只显示核算行和总数</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Report</source>
      <translation>报告</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>HTML files (*.html)</source>
      <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Project file checked</source>
      <translation>所检查的项目文件</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>landrenew check</source>
      <translation>landrenew 数据检查</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Audit diff</source>
      <translation>年度对比</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Compares two runs from their output folders, for the annual audit (landrenew diff): parcels newly or no longer flagged, freed ground, renewal records added, changed or removed, parks across the +0.5 line and changed inputs; every total is checked as old + added − removed = new.</source>
      <translation>用两次运行的输出文件夹进行年度对比(landrenew diff):新增或不再认定的低效宗地、腾出土地、新增/变更/删除的更新台账记录、跨越 +0.5 目标线的园区及变化的输入;每个总数按 旧 + 新增 − 减少 = 新 核对。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Output folder of the earlier run</source>
      <translation>上一期运行的输出文件夹</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Output folder of the later run</source>
      <translation>本期运行的输出文件夹</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Lines shown per list (0: all)</source>
      <translation>每个列表显示的行数(0:全部)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Full comparison (JSON)</source>
      <translation>完整对比结果(JSON)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>JSON files (*.json)</source>
      <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Every total reconciles</source>
      <translation>各项总数均核对一致</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>landrenew audit diff</source>
      <translation>landrenew 年度对比</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Check profile</source>
      <translation>检查政策配置</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Checks a policy profile — a built-in name or the bureau's own file (landrenew profile check): unknown keys, wrong types and impossible values are reported with line numbers. The report shows the profile resolved, every value with defaults and base applied (landrenew profile show).</source>
      <translation>检查政策配置——内置名称或本局自己的配置文件(landrenew profile check):未知键、类型错误和不可能的取值均带行号报告。报告列出解析后的配置,含默认值和基础配置在内的每个取值(landrenew profile show)。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Built-in profile name</source>
      <translation>内置政策配置名称</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Profile file (instead of a built-in name)</source>
      <translation>政策配置文件(代替内置名称)</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>SHA-256 of the profile</source>
      <translation>政策配置的 SHA-256</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>Give a built-in profile name or a profile file.</source>
      <translation>请给出内置政策配置名称或配置文件。</translation>
    </message>
    <message>
      <location filename="../algorithms.py" />
      <source>landrenew policy profile</source>
      <translation>landrenew 政策配置</translation>
    </message>
    <message>
      <location filename="../detect.py" />
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <location filename="../detect.py" />
      <source>No</source>
      <translation>否</translation>
    </message>
    <message>
      <location filename="../provider.py" />
      <source>{name} (needs landrenew {version} or later)</source>
      <translation>{name}(需要 landrenew {version} 或更新版本)</translation>
    </message>
    <message>
      <location filename="../provider.py" />
      <source>landrenew executable (empty: the one on PATH)</source>
      <translation>landrenew 可执行文件(留空:使用 PATH 中的)</translation>
    </message>
    <message>
      <location filename="../results.py" />
      <source>QGIS could not read {path}: {error}</source>
      <translation>QGIS 无法读取 {path}:{error}</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>The landrenew executable set in Processing's options ({path}) does not exist or cannot be run. Correct it under Settings ▸ Options ▸ Processing ▸ Providers ▸ landrenew, or clear it to use the landrenew found on PATH.</source>
      <translation>处理工具选项中设置的 landrenew 可执行文件({path})不存在或无法运行。请在 设置 ▸ 选项 ▸ 处理工具 ▸ 提供者 ▸ landrenew 中更正,或清空以使用 PATH 中的 landrenew。</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>landrenew was not found: it is not on PATH ({path}) and no executable is set under Settings ▸ Options ▸ Processing ▸ Providers ▸ landrenew. Install landrenew {required} or later, or set its path there.</source>
      <translation>找不到 landrenew:PATH({path})中没有,设置 ▸ 选项 ▸ 处理工具 ▸ 提供者 ▸ landrenew 中也未设置可执行文件。请安装 landrenew {required} 或更新版本,或在该处设置其路径。</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>{path} does not answer `--version` as landrenew does (it said: {answer}); this plugin needs landrenew {required} or later.</source>
      <translation>{path} 对 `--version` 的回答不像 landrenew(它的输出:{answer});本插件需要 landrenew {required} 或更新版本。</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>landrenew {found} at {path} is older than {required}, the version this plugin was written for. Install landrenew {required} or later.</source>
      <translation>{path} 处的 landrenew {found} 早于本插件所针对的版本 {required}。请安装 landrenew {required} 或更新版本。</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>Canceled: landrenew was stopped before it finished.</source>
      <translation>已取消:landrenew 在完成前被停止。</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>landrenew could not be started ({path}).</source>
      <translation>无法启动 landrenew({path})。</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>landrenew stopped unexpectedly (crashed); please report it.</source>
      <translation>landrenew 意外终止(崩溃);请报告此问题。</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>landrenew failed with exit code {code}.</source>
      <translation>landrenew 运行失败,退出码 {code}。</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>The output folder {path} holds files that are not a landrenew output; landrenew replaces the whole folder. Choose a new or empty folder, or an earlier landrenew output folder.</source>
      <translation>输出文件夹 {path} 中有不属于 landrenew 输出的文件;landrenew 会替换整个文件夹。请选择新的或空的文件夹,或以前的 landrenew 输出文件夹。</translation>
    </message>
    <message>
      <location filename="../runner.py" />
      <source>The output folder {path} is a file.</source>
      <translation>输出文件夹 {path} 是一个文件。</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Building id</source>
      <translation>建筑物编号</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Floors</source>
      <translation>层数</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Building height (m)</source>
      <translation>建筑高度(米)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Storey height (m)</source>
      <translation>层高(米)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Floor area (m²)</source>
      <translation>建筑面积(平方米)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Year built</source>
      <translation>建成年份</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Parcels</source>
      <translation>宗地</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Parcel id</source>
      <translation>宗地代码</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Real-estate unit number</source>
      <translation>不动产单元号</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Address</source>
      <translation>坐落</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Registered area (m²)</source>
      <translation>登记面积(平方米)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Land-use code</source>
      <translation>地类编码</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Use name</source>
      <translation>用途</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Right holder</source>
      <translation>权利人</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Unified social credit code</source>
      <translation>统一社会信用代码</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Right type</source>
      <translation>权利性质</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Registered FAR</source>
      <translation>登记容积率</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Registered building density</source>
      <translation>登记建筑密度</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Industry code</source>
      <translation>行业代码</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Approval date</source>
      <translation>批准日期</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Supply date</source>
      <translation>供地日期</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Contracted start date</source>
      <translation>约定开工日期</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Actual start date</source>
      <translation>实际开工日期</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Completion date</source>
      <translation>竣工日期</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Production date</source>
      <translation>投产日期</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Contracted investment (10k yuan/mu)</source>
      <translation>约定投资强度(万元/亩)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Contracted tax per mu (10k yuan/mu)</source>
      <translation>约定亩均税收(万元/亩)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Remarks</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Buildings before renewal</source>
      <translation>建筑物(更新前)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Buildings now</source>
      <translation>建筑物(现状)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Districts</source>
      <translation>行政区</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>District code</source>
      <translation>行政区代码</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>District name</source>
      <translation>行政区名称</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Parks</source>
      <translation>园区</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Park id</source>
      <translation>园区编号</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Park name</source>
      <translation>园区名称</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Level</source>
      <translation>级别</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Leading industries</source>
      <translation>主导产业</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Renewal register</source>
      <translation>有机更新台账</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Project id</source>
      <translation>项目编号</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Project name</source>
      <translation>项目名称</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Renewal mode</source>
      <translation>更新模式</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Parcel ids involved</source>
      <translation>涉及宗地代码</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Per-mu evaluation table (enterprises)</source>
      <translation>亩均评价企业</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Enterprise name</source>
      <translation>企业名称</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Size class</source>
      <translation>规模</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Land area (mu)</source>
      <translation>用地面积(亩)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Land share</source>
      <translation>用地份额</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Tax paid</source>
      <translation>实缴税金</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Industrial value added</source>
      <translation>工业增加值</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Revenue</source>
      <translation>营业收入</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Energy use (t standard coal)</source>
      <translation>综合能耗(吨标准煤)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Main pollutant emissions (t)</source>
      <translation>主要污染物排放(吨)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Average employees</source>
      <translation>年平均职工人数</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>R&amp;D spending</source>
      <translation>研发经费</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Electricity use (10k kWh)</source>
      <translation>用电量(万千瓦时)</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Fixed-asset investment</source>
      <translation>固定资产投资</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Year</source>
      <translation>年度</translation>
    </message>
    <message>
      <location filename="../schema.py" />
      <source>Parcel ids</source>
      <translation>宗地代码</translation>
    </message>
    <message>
      <location filename="../sources.py" />
      <source>The layer '{name}' ({role}) is not a file layer (provider {provider}); landrenew reads files. Save it to a GeoPackage first (Export ▸ Save Features As…).</source>
      <translation>图层“{name}”({role})不是文件图层(数据提供者 {provider});landrenew 只读取文件。请先将其保存为 GeoPackage(导出 ▸ 要素另存为…)。</translation>
    </message>
    <message>
      <location filename="../sources.py" />
      <source>The layer '{name}' ({role}) has a filter ({subset}); landrenew reads the whole layer. Remove the filter, or save the filtered features to a file.</source>
      <translation>图层“{name}”({role})设置了过滤条件({subset});landrenew 读取整个图层。请取消过滤,或将过滤后的要素另存为文件。</translation>
    </message>
  </context>
</TS>
