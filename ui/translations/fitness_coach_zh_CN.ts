<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnglePlot</name>
    <message>
        <source>angle (°)</source>
        <translation>角度 (°)</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>时间 (秒)</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Camera settings</source>
        <translation>摄像头设置</translation>
    </message>
    <message>
        <source>Camera {index}</source>
        <translation>摄像头 {index}</translation>
    </message>
    <message>
        <source>Camera {index} (not found now)</source>
        <translation>摄像头 {index}（当前未找到）</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source>Show the image as in a mirror (selfie view)</source>
        <translation>像镜子一样显示画面（自拍视角）</translation>
    </message>
    <message>
        <source>{degrees}° clockwise</source>
        <translation>顺时针 {degrees}°</translation>
    </message>
    <message>
        <source>None</source>
        <translation>不旋转</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Rotate the image</source>
        <translation>旋转画面</translation>
    </message>
    <message>
        <source>A camera that cannot give the resolution or frame rate asked for uses its nearest mode. Changes apply when the camera next starts.</source>
        <translation>摄像头无法提供所设分辨率或帧率时，会使用最接近的模式。更改在下次启动摄像头时生效。</translation>
    </message>
</context>
<context>
    <name>CoachingDialog</name>
    <message>
        <source>Kalman filter (recommended)</source>
        <translation>卡尔曼滤波（推荐）</translation>
    </message>
    <message>
        <source>Kalman, adaptive to sudden moves</source>
        <translation>卡尔曼滤波，适应突然动作</translation>
    </message>
    <message>
        <source>Kalman, constant acceleration</source>
        <translation>卡尔曼滤波，匀加速模型</translation>
    </message>
    <message>
        <source>Kalman, one frame late (steadier)</source>
        <translation>卡尔曼滤波，延迟一帧（更平稳）</translation>
    </message>
    <message>
        <source>MediaPipe&apos;s own, then Kalman</source>
        <translation>MediaPipe 自带平滑，再加卡尔曼滤波</translation>
    </message>
    <message>
        <source>One Euro filter</source>
        <translation>One Euro 滤波</translation>
    </message>
    <message>
        <source>MediaPipe&apos;s own</source>
        <translation>MediaPipe 自带平滑</translation>
    </message>
    <message>
        <source>None (raw landmarks)</source>
        <translation>不平滑（原始关键点）</translation>
    </message>
    <message>
        <source>Coaching preferences</source>
        <translation>指导偏好</translation>
    </message>
    <message>
        <source>1 is the measured default; higher is steadier but lags more</source>
        <translation>1 为实测的默认值；数值越大越平稳，但延迟越大</translation>
    </message>
    <message>
        <source>Speak messages and rep counts</source>
        <translation>语音播报提示和次数</translation>
    </message>
    <message>
        <source>Play a tone when no voice is available</source>
        <translation>没有可用语音时播放提示音</translation>
    </message>
    <message>
        <source>Injury risks</source>
        <translation>受伤风险</translation>
    </message>
    <message>
        <source>Form faults</source>
        <translation>动作错误</translation>
    </message>
    <message>
        <source>Tips</source>
        <translation>小提示</translation>
    </message>
    <message>
        <source>Count reps aloud</source>
        <translation>大声报数</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Keep each session in the training log (View › History)</source>
        <translation>把每次训练记入训练日志（视图 › 训练历史）</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑方式</translation>
    </message>
    <message>
        <source>Smoothing strength</source>
        <translation>平滑强度</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Say</source>
        <translation>播报</translation>
    </message>
    <message>
        <source>Least time between cues</source>
        <translation>两次提示的最短间隔</translation>
    </message>
</context>
<context>
    <name>CoachingPanel</name>
    <message>
        <source>Choose an exercise</source>
        <translation>请选择一个练习</translation>
    </message>
    <message>
        <source>Watching (no exercise chosen)</source>
        <translation>观察中（未选择练习）</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>best {best} s   total {total} s</source>
        <translation>最佳 {best} 秒   累计 {total} 秒</translation>
    </message>
    <message>
        <source>Match {score} / 100</source>
        <translation>匹配度 {score} / 100</translation>
    </message>
    <message>
        <source>good {good}   faulty {faulty}</source>
        <translation>标准 {good}   有误 {faulty}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Session summary&lt;/b&gt; ({seconds} s)</source>
        <translation>&lt;b&gt;训练总结&lt;/b&gt;（{seconds} 秒）</translation>
    </message>
    <message>
        <source>Reps: {total} ({good} good, {faulty} faulty)</source>
        <translation>次数：{total}（标准 {good}，有误 {faulty}）</translation>
    </message>
    <message>
        <source>Longest hold: {seconds} s</source>
        <translation>最长保持：{seconds} 秒</translation>
    </message>
    <message>
        <source>&lt;b&gt;What the coach told you&lt;/b&gt;</source>
        <translation>&lt;b&gt;教练的提示&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{seconds} s: {message}</source>
        <translation>{seconds} 秒：{message}</translation>
    </message>
    <message>
        <source>{seconds} s: {message} (shown)</source>
        <translation>{seconds} 秒：{message}（仅显示）</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (File › Export)</source>
        <translation>
            <numerusform>…… 还有 %n 条（文件 › 导出）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message>
        <source>Reps per session</source>
        <translation>每次训练的次数</translation>
    </message>
    <message>
        <source>Good reps</source>
        <translation>标准动作比例</translation>
    </message>
    <message>
        <source>Range of motion</source>
        <translation>动作幅度</translation>
    </message>
    <message>
        <source>Depth: lowest angle</source>
        <translation>深度：最小角度</translation>
    </message>
    <message>
        <source>Best hold</source>
        <translation>最长保持</translation>
    </message>
    <message>
        <source>Faults per 10 reps</source>
        <translation>每 10 次的错误数</translation>
    </message>
    <message>
        <source>reps</source>
        <translation>次</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>degrees (mean of the reps)</source>
        <translation>度（各次平均）</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>faults</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>tip</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>form fault</source>
        <translation>动作错误</translation>
    </message>
    <message>
        <source>injury risk</source>
        <translation>受伤风险</translation>
    </message>
    <message>
        <source>History – Fitness Coach</source>
        <translation>训练历史 – 健身教练</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <source>Forget all history…</source>
        <translation>清除全部历史…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Exercise</source>
        <translation>练习</translation>
    </message>
    <message>
        <source>Reps</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Faulty</source>
        <translation>有误</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Delete session…</source>
        <translation>删除这次训练…</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Tempo down/up (s)</source>
        <translation>下/上节奏（秒）</translation>
    </message>
    <message>
        <source>Lowest</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>Highest</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>幅度</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>时间（秒）</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Cue</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Trends of</source>
        <translation>趋势：</translation>
    </message>
    <message>
        <source>&lt;b&gt;The training log cannot be read.&lt;/b&gt;&lt;br&gt;{problem}</source>
        <translation>&lt;b&gt;无法读取训练日志。&lt;/b&gt;&lt;br&gt;{problem}</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Streak: %n day(s)&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;连续训练：%n 天&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n training day(s) this month</source>
        <translation>
            <numerusform>本月训练 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n training day(s) in all</source>
        <translation>
            <numerusform>累计训练 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Training days are green. Kept on this computer only.</source>
        <translation>绿色为训练日。数据只保存在这台电脑上。</translation>
    </message>
    <message>
        <source>No sessions recorded yet</source>
        <translation>还没有训练记录</translation>
    </message>
    <message>
        <source>No exercise</source>
        <translation>无练习</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>cut short</source>
        <translation>中途结束</translation>
    </message>
    <message>
        <source>good</source>
        <translation>标准</translation>
    </message>
    <message numerus="yes">
        <source>Delete the {exercise} session of {time} (%n reps)? This cannot be undone.</source>
        <translation>
            <numerusform>删除 {time} 的“{exercise}”训练（%n 次）？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>Session deleted</source>
        <translation>训练记录已删除</translation>
    </message>
    <message numerus="yes">
        <source>Forget all %n sessions of your training history? Their reps, holds and cues are erased from this computer. This cannot be undone.</source>
        <translation>
            <numerusform>清除训练历史中的全部 %n 次训练？其中的次数、保持和提示都将从这台电脑上删除。此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sessions forgotten</source>
        <translation>
            <numerusform>已清除 %n 次训练</numerusform>
        </translation>
    </message>
    <message>
        <source>Save training report</source>
        <translation>保存训练报告</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>The training log cannot be read.</source>
        <translation>无法读取训练日志。</translation>
    </message>
    <message>
        <source>{path}: cannot write the report ({reason})</source>
        <translation>{path}：无法写入报告（{reason}）</translation>
    </message>
    <message numerus="yes">
        <source>Report saved: {path} (%n sessions)</source>
        <translation>
            <numerusform>报告已保存：{path}（%n 次训练）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LinesEditor</name>
    <message>
        <source>One per line</source>
        <translation>每行一条</translation>
    </message>
</context>
<context>
    <name>LocalizedTextEditor</name>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Fitness Coach</source>
        <translation>健身教练 Fitness Coach</translation>
    </message>
    <message>
        <source>Exercise</source>
        <translation>练习</translation>
    </message>
    <message>
        <source> Exercise: </source>
        <translation> 练习： </translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open photo…</source>
        <translation>打开照片…</translation>
    </message>
    <message>
        <source>Open video…</source>
        <translation>打开视频…</translation>
    </message>
    <message>
        <source>Start camera</source>
        <translation>启动摄像头</translation>
    </message>
    <message>
        <source>Pause or resume</source>
        <translation>暂停或继续</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Export session summary…</source>
        <translation>导出训练总结…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Poses</source>
        <translation>姿势(&amp;P)</translation>
    </message>
    <message>
        <source>New pose from photo…</source>
        <translation>从照片新建姿势…</translation>
    </message>
    <message>
        <source>Capture my pose</source>
        <translation>记录我的姿势</translation>
    </message>
    <message>
        <source>Import reference photos…</source>
        <translation>导入参考照片…</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Loop videos</source>
        <translation>循环播放视频</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Mirror (selfie view)</source>
        <translation>镜像（自拍视角）</translation>
    </message>
    <message>
        <source>Skeleton only (hide the camera image)</source>
        <translation>只显示骨架（隐藏摄像头画面）</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Mute voice and sounds</source>
        <translation>静音（语音和提示音）</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>训练历史…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>Exercise rules…</source>
        <translation>练习规则…</translation>
    </message>
    <message>
        <source>Camera…</source>
        <translation>摄像头…</translation>
    </message>
    <message>
        <source>Coaching…</source>
        <translation>指导…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>No exercise</source>
        <translation>无练习</translation>
    </message>
    <message>
        <source>Analysing {file}…</source>
        <translation>正在分析 {file}…</translation>
    </message>
    <message>
        <source>Open photo</source>
        <translation>打开照片</translation>
    </message>
    <message>
        <source>Photos ({patterns})</source>
        <translation>照片 ({patterns})</translation>
    </message>
    <message>
        <source>{file}: person found</source>
        <translation>{file}：已检测到人</translation>
    </message>
    <message>
        <source>{file}: no person found</source>
        <translation>{file}：未识别到人</translation>
    </message>
    <message>
        <source>Could not open it</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>Starting {source}…</source>
        <translation>正在启动 {source}…</translation>
    </message>
    <message>
        <source>Open video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <source>Videos ({patterns})</source>
        <translation>视频 ({patterns})</translation>
    </message>
    <message>
        <source>Camera {index}</source>
        <translation>摄像头 {index}</translation>
    </message>
    <message>
        <source>No camera found: open a video or a photo</source>
        <translation>未找到摄像头：请打开视频或照片</translation>
    </message>
    <message>
        <source>Paused: press Space to resume</source>
        <translation>已暂停：按空格键继续</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <source>The session stopped</source>
        <translation>训练已中止</translation>
    </message>
    <message>
        <source>The session was ended; its summary is kept.</source>
        <translation>训练已结束，总结已保留。</translation>
    </message>
    <message>
        <source>{message}

Check the cable, then try again.</source>
        <translation>{message}

请检查连接线，然后重试。</translation>
    </message>
    <message>
        <source>{fps} fps   inference {inference} ms   latency {latency} ms   dropped {dropped}</source>
        <translation>{fps} fps   推理 {inference} ms   延迟 {latency} ms   丢帧 {dropped}</translation>
    </message>
    <message>
        <source>{path}: cannot write it ({reason})</source>
        <translation>{path}：无法写入（{reason}）</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>训练结束</translation>
    </message>
    <message>
        <source>Finish a session first: its summary is exported.</source>
        <translation>请先完成一次训练：导出的是训练总结。</translation>
    </message>
    <message>
        <source>Export session summary</source>
        <translation>导出训练总结</translation>
    </message>
    <message>
        <source>JSON (*.json);;CSV, one row per rep (*.csv)</source>
        <translation>JSON (*.json);;CSV，每次一行 (*.csv)</translation>
    </message>
</context>
<context>
    <name>MeasurementEditor</name>
    <message>
        <source>a short name, e.g. knee</source>
        <translation>简短的名称，例如 knee</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
</context>
<context>
    <name>PhotoPanel</name>
    <message>
        <source>landmark</source>
        <translation>关键点</translation>
    </message>
    <message>
        <source>visibility</source>
        <translation>可见度</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <source>&lt;b&gt;No person found&lt;/b&gt;&lt;br&gt;Try a photo with the whole body in view.</source>
        <translation>&lt;b&gt;未识别到人&lt;/b&gt;&lt;br&gt;请换一张能看到全身的照片。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pose:&lt;/b&gt; {name}</source>
        <translation>&lt;b&gt;姿势：&lt;/b&gt;{name}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pose:&lt;/b&gt; none of the known poses</source>
        <translation>&lt;b&gt;姿势：&lt;/b&gt;不是已知的姿势</translation>
    </message>
    <message>
        <source>&lt;b&gt;Joint angles:&lt;/b&gt; {angles}</source>
        <translation>&lt;b&gt;关节角度：&lt;/b&gt;{angles}</translation>
    </message>
    <message>
        <source>{path}: cannot write it ({reason})</source>
        <translation>{path}：无法写入（{reason}）</translation>
    </message>
    <message>
        <source>Export annotated photo</source>
        <translation>导出标注后的照片</translation>
    </message>
    <message>
        <source>Export landmarks and angles</source>
        <translation>导出关键点和角度</translation>
    </message>
</context>
<context>
    <name>PoseTemplates</name>
    <message numerus="yes">
        <source>Making %n pose template(s)…</source>
        <translation>
            <numerusform>正在生成 %n 个姿势模板…</numerusform>
        </translation>
    </message>
    <message>
        <source>New pose from photo</source>
        <translation>从照片新建姿势</translation>
    </message>
    <message>
        <source>Photos ({patterns})</source>
        <translation>照片 ({patterns})</translation>
    </message>
    <message>
        <source>Import reference photos</source>
        <translation>导入参考照片</translation>
    </message>
    <message>
        <source>{folder}: no photos in this folder</source>
        <translation>{folder}：这个文件夹里没有照片</translation>
    </message>
    <message>
        <source>Start the camera or a video first, then hold the pose.</source>
        <translation>请先启动摄像头或播放视频，然后保持姿势。</translation>
    </message>
    <message>
        <source>My pose</source>
        <translation>我的姿势</translation>
    </message>
    <message>
        <source>Capturing your pose: hold still…</source>
        <translation>正在记录你的姿势：请保持不动…</translation>
    </message>
    <message>
        <source>Capture: {reason}</source>
        <translation>记录姿势：{reason}</translation>
    </message>
    <message>
        <source>camera {index}</source>
        <translation>摄像头 {index}</translation>
    </message>
    <message numerus="yes">
        <source>A pose template captured from %n frames of {source}</source>
        <translation>
            <numerusform>由 {source} 的 %n 帧记录的姿势模板</numerusform>
        </translation>
    </message>
    <message>
        <source>New pose</source>
        <translation>新姿势</translation>
    </message>
    <message>
        <source>Name of the pose:</source>
        <translation>姿势名称：</translation>
    </message>
    <message>
        <source>{rule}: cannot write the rule ({reason})</source>
        <translation>{rule}：无法写入规则（{reason}）</translation>
    </message>
    <message>
        <source>New pose: {names} (in the exercise picker)</source>
        <translation>新姿势：{names}（已加入练习列表）</translation>
    </message>
    <message>
        <source>No pose template made</source>
        <translation>没有生成姿势模板</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Save training report</source>
        <translation>保存训练报告</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To (included)</source>
        <translation>到（含当天）</translation>
    </message>
</context>
<context>
    <name>RuleChoice</name>
    <message>
        <source>always</source>
        <translation>始终</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>bottom</source>
        <translation>最低点</translation>
    </message>
    <message>
        <source>danger</source>
        <translation>危险</translation>
    </message>
    <message>
        <source>difference</source>
        <translation>左右差值</translation>
    </message>
    <message>
        <source>down</source>
        <translation>向下</translation>
    </message>
    <message>
        <source>extension</source>
        <translation>伸展</translation>
    </message>
    <message>
        <source>flexion</source>
        <translation>屈曲</translation>
    </message>
    <message>
        <source>front</source>
        <translation>正面</translation>
    </message>
    <message>
        <source>hold</source>
        <translation>保持时</translation>
    </message>
    <message>
        <source>horizontal</source>
        <translation>水平</translation>
    </message>
    <message>
        <source>info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>larger</source>
        <translation>较大一侧</translation>
    </message>
    <message>
        <source>left</source>
        <translation>左侧</translation>
    </message>
    <message>
        <source>pixel</source>
        <translation>像素坐标</translation>
    </message>
    <message>
        <source>rep</source>
        <translation>每次</translation>
    </message>
    <message>
        <source>right</source>
        <translation>右侧</translation>
    </message>
    <message>
        <source>side</source>
        <translation>侧面</translation>
    </message>
    <message>
        <source>smaller</source>
        <translation>较小一侧</translation>
    </message>
    <message>
        <source>top</source>
        <translation>最高点</translation>
    </message>
    <message>
        <source>vertical</source>
        <translation>竖直</translation>
    </message>
    <message>
        <source>visible</source>
        <translation>看得清的一侧</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>world</source>
        <translation>世界坐标</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>简体中文</source>
        <translation>简体中文</translation>
    </message>
</context>
<context>
    <name>RuleEditorDialog</name>
    <message>
        <source>This is a built-in rule: it cannot be changed. &lt;b&gt;Customise&lt;/b&gt; makes your own copy, which replaces it; &lt;b&gt;Duplicate&lt;/b&gt; starts a new exercise from it.</source>
        <translation>这是内置规则，不能修改。&lt;b&gt;自定义&lt;/b&gt;会生成你自己的副本并替代它；&lt;b&gt;复制&lt;/b&gt;会以它为基础新建一个练习。</translation>
    </message>
    <message>
        <source>About</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Reps or hold</source>
        <translation>计次或保持</translation>
    </message>
    <message>
        <source>Form checks</source>
        <translation>动作检查</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>测量</translation>
    </message>
    <message>
        <source>Play a video or start the camera to see this rule measured live.</source>
        <translation>播放视频或启动摄像头，即可实时查看这条规则的测量结果。</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Exercise rules</source>
        <translation>练习规则</translation>
    </message>
    <message>
        <source>Customise</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation>复制…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&lt;b&gt;Live preview&lt;/b&gt;</source>
        <translation>&lt;b&gt;实时预览&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{name}  (built-in)</source>
        <translation>{name}（内置）</translation>
    </message>
    <message>
        <source>{name}  (yours, replaces the built-in)</source>
        <translation>{name}（你的，替代内置）</translation>
    </message>
    <message>
        <source>{name}  (yours)</source>
        <translation>{name}（你的）</translation>
    </message>
    <message>
        <source>This rule has changes that are not saved.</source>
        <translation>这条规则有未保存的修改。</translation>
    </message>
    <message>
        <source>Reset to built-in</source>
        <translation>恢复为内置</translation>
    </message>
    <message>
        <source>Could not save the rule in {folder} ({reason})</source>
        <translation>无法把规则保存到 {folder}（{reason}）</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Name of the new exercise:</source>
        <translation>新练习的名称：</translation>
    </message>
    <message>
        <source>{name} (mine)</source>
        <translation>{name}（我的）</translation>
    </message>
    <message>
        <source>Could not save the copy ({reason})</source>
        <translation>无法保存副本（{reason}）</translation>
    </message>
    <message>
        <source>Go back to the built-in &apos;{name}&apos;? Your changes are kept as {file}.</source>
        <translation>恢复为内置的“{name}”？你的修改会保留为 {file}。</translation>
    </message>
    <message>
        <source>Delete &apos;{name}&apos;? It is kept as {file}.</source>
        <translation>删除“{name}”？它会保留为 {file}。</translation>
    </message>
    <message>
        <source>Import a rule</source>
        <translation>导入规则</translation>
    </message>
    <message>
        <source>Rule files (*.yaml *.yml)</source>
        <translation>规则文件 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Import refused</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>This rule file cannot be used:

{problems}</source>
        <translation>这个规则文件无法使用：

{problems}</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Could not copy it ({reason})</source>
        <translation>无法复制（{reason}）</translation>
    </message>
    <message>
        <source>Export the rule</source>
        <translation>导出规则</translation>
    </message>
    <message>
        <source>Rule files (*.yaml)</source>
        <translation>规则文件 (*.yaml)</translation>
    </message>
    <message>
        <source>{path}: cannot write it ({reason})</source>
        <translation>{path}：无法写入（{reason}）</translation>
    </message>
    <message>
        <source>Nobody measurable in view.</source>
        <translation>画面中没有可测量的人。</translation>
    </message>
</context>
<context>
    <name>RuleField</name>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Camera view</source>
        <translation>拍摄角度</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>参考资料</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>测量</translation>
    </message>
    <message>
        <source>Reps</source>
        <translation>计次</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>保持</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Angle</source>
        <translation>角度（三点）</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>身体侧</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>坐标空间</translation>
    </message>
    <message>
        <source>Min visibility</source>
        <translation>最低可见度</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>身体段（两点）</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参照</translation>
    </message>
    <message>
        <source>Tilt</source>
        <translation>倾斜</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Per width</source>
        <translation>相对于宽度</translation>
    </message>
    <message>
        <source>Ahead</source>
        <translation>前移（两点）</translation>
    </message>
    <message>
        <source>Per</source>
        <translation>相对于</translation>
    </message>
    <message>
        <source>Medial</source>
        <translation>内扣（三点）</translation>
    </message>
    <message>
        <source>Lowest allowed (degrees)</source>
        <translation>允许的最小值（度）</translation>
    </message>
    <message>
        <source>Highest allowed (degrees)</source>
        <translation>允许的最大值（度）</translation>
    </message>
    <message>
        <source>Lowest allowed (ratio)</source>
        <translation>允许的最小值（比例）</translation>
    </message>
    <message>
        <source>Highest allowed (ratio)</source>
        <translation>允许的最大值（比例）</translation>
    </message>
    <message>
        <source>Measurement</source>
        <translation>测量项</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Min excursion</source>
        <translation>最小幅度</translation>
    </message>
    <message>
        <source>Front measurement</source>
        <translation>正面测量项</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>姿势条件</translation>
    </message>
    <message>
        <source>Start above</source>
        <translation>起始高于</translation>
    </message>
    <message>
        <source>Bottom below</source>
        <translation>底部低于</translation>
    </message>
    <message>
        <source>Min duration</source>
        <translation>最短时长</translation>
    </message>
    <message>
        <source>Max duration</source>
        <translation>最长时长</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>进入时间</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>退出时间</translation>
    </message>
    <message>
        <source>Tolerance</source>
        <translation>容差</translation>
    </message>
    <message>
        <source>Mirror</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>When</source>
        <translation>何时检查</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>提示语</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Debounce</source>
        <translation>持续多久才提示</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>重复提示间隔</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Angle at a joint</source>
        <translation>关节角度</translation>
    </message>
    <message>
        <source>Slope of a body segment</source>
        <translation>身体段的倾斜角</translation>
    </message>
    <message>
        <source>Tilt between left and right</source>
        <translation>左右倾斜</translation>
    </message>
    <message>
        <source>Width ratio</source>
        <translation>宽度比例</translation>
    </message>
    <message>
        <source>Forward offset</source>
        <translation>前移量</translation>
    </message>
    <message>
        <source>Knee valgus angle (front view)</source>
        <translation>膝外翻角（正面）</translation>
    </message>
    <message>
        <source>A rep starts when the angle drops below this (standing: about 160-180)</source>
        <translation>角度低于此值时开始计一次（站立时约 160-180）</translation>
    </message>
    <message>
        <source>The angle must go below this for the rep to count</source>
        <translation>角度必须低于此值，这一次才算数</translation>
    </message>
    <message>
        <source>flexion: the value drops during a rep (a squat&apos;s knee); extension: it rises</source>
        <translation>屈曲：每次动作中数值变小（如深蹲的膝角）；伸展：数值变大</translation>
    </message>
    <message>
        <source>The least a rep moves away from rest and back (degrees)</source>
        <translation>每次动作离开静止位置再回来的最小幅度（度）</translation>
    </message>
    <message>
        <source>The least a rep moves away from rest and back (ratio)</source>
        <translation>每次动作离开静止位置再回来的最小幅度（比例）</translation>
    </message>
    <message>
        <source>Counted instead while the camera sees you from the front</source>
        <translation>摄像头从正面拍摄时改用这一项计次</translation>
    </message>
    <message>
        <source>How long a fault must last before it is said</source>
        <translation>错误持续多久才提示</translation>
    </message>
    <message>
        <source>The least time before the same message is said again</source>
        <translation>同一提示再次播报前的最短时间</translation>
    </message>
    <message>
        <source>How long in the pose before it counts as held (that time is counted too)</source>
        <translation>在姿势中保持多久才算开始保持（这段时间也计入）</translation>
    </message>
    <message>
        <source>How long out of the pose before the timer stops (so a wobble does not)</source>
        <translation>离开姿势多久后停止计时（轻微晃动不会停止）</translation>
    </message>
    <message>
        <source>How sure the pose model must be that a point is seen (0 to 1)</source>
        <translation>姿态模型对看到某个点的最低把握（0 到 1）</translation>
    </message>
    <message>
        <source>always: every moment; hold: while holding; bottom / top: at that point of each rep; rep: the worst value over the rep</source>
        <translation>始终：每时每刻；保持时：保持姿势期间；最低点 / 最高点：每次动作的该位置；每次：整次动作中的最差值</translation>
    </message>
    <message>
        <source>Judged only when the camera sees the person from this side</source>
        <translation>只在摄像头从这个角度拍摄时判断</translation>
    </message>
    <message>
        <source>Where the threshold comes from (required for danger)</source>
        <translation>阈值的依据（危险级别必填）</translation>
    </message>
    <message>
        <source>For recognising the pose in photos: how far outside a range still scores partly</source>
        <translation>用于识别照片中的姿势：超出范围多少仍可得部分分数</translation>
    </message>
    <message>
        <source>The same for ratio targets</source>
        <translation>比例目标的同一设置</translation>
    </message>
    <message>
        <source>The pose done on the other side counts too (left and right swapped)</source>
        <translation>另一侧做的姿势也算（左右互换）</translation>
    </message>
    <message>
        <source>A pose template&apos;s pose, from its photo: shown as a ghost over you</source>
        <translation>姿势模板的姿势，来自它的照片：以虚影叠加在你身上</translation>
    </message>
    <message>
        <source>The language of the texts given in one language only</source>
        <translation>只用一种语言写的文字是哪种语言</translation>
    </message>
    <message>
        <source>Add check</source>
        <translation>添加检查</translation>
    </message>
    <message>
        <source>Check {number}</source>
        <translation>检查 {number}</translation>
    </message>
    <message>
        <source>Remove this check</source>
        <translation>删除这项检查</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>添加目标</translation>
    </message>
    <message>
        <source>Target {number}</source>
        <translation>目标 {number}</translation>
    </message>
    <message>
        <source>Remove this target</source>
        <translation>删除这个目标</translation>
    </message>
    <message>
        <source>Add measurement</source>
        <translation>添加测量项</translation>
    </message>
    <message>
        <source>Measurement {number}</source>
        <translation>测量项 {number}</translation>
    </message>
    <message>
        <source>Remove this measurement</source>
        <translation>删除这个测量项</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>the pose of the photo, drawn over you ({joints} joints)</source>
        <translation>照片中的姿势，叠加在你身上（{joints} 个关节）</translation>
    </message>
    <message>
        <source>Counts reps</source>
        <translation>计次</translation>
    </message>
    <message>
        <source>Times a hold</source>
        <translation>计时保持</translation>
    </message>
</context>
<context>
    <name>SpinEditor</name>
    <message>
        <source>Tick to set this limit</source>
        <translation>勾选以设置这个限值</translation>
    </message>
</context>
<context>
    <name>VideoView</name>
    <message>
        <source>Open a photo or a video, or start the camera
(File menu, or drop a file here)</source>
        <translation>打开照片或视频，或启动摄像头
（文件菜单，或把文件拖到这里）</translation>
    </message>
</context>
<context>
    <name>WindowPreferences</name>
    <message>
        <source>Settings could not be saved ({reason})</source>
        <translation>无法保存设置（{reason}）</translation>
    </message>
    <message>
        <source>Saved &apos;{name}&apos;</source>
        <translation>已保存“{name}”</translation>
    </message>
    <message>
        <source>The new language is used when Fitness Coach next starts.</source>
        <translation>新的语言将在下次启动健身教练时生效。</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>unknown exercise &apos;{exercise}&apos;; known: {known}</source>
        <translation>未知的练习“{exercise}”；已有的练习：{known}</translation>
    </message>
</context>
<context>
    <name>body</name>
    <message>
        <source>nose</source>
        <translation>鼻子</translation>
    </message>
    <message>
        <source>inner eye corner</source>
        <translation>内眼角</translation>
    </message>
    <message>
        <source>eye</source>
        <translation>眼睛</translation>
    </message>
    <message>
        <source>outer eye corner</source>
        <translation>外眼角</translation>
    </message>
    <message>
        <source>ear</source>
        <translation>耳朵</translation>
    </message>
    <message>
        <source>mouth corner</source>
        <translation>嘴角</translation>
    </message>
    <message>
        <source>shoulder</source>
        <translation>肩</translation>
    </message>
    <message>
        <source>elbow</source>
        <translation>肘</translation>
    </message>
    <message>
        <source>wrist</source>
        <translation>腕</translation>
    </message>
    <message>
        <source>little finger</source>
        <translation>小指</translation>
    </message>
    <message>
        <source>index finger</source>
        <translation>食指</translation>
    </message>
    <message>
        <source>thumb</source>
        <translation>拇指</translation>
    </message>
    <message>
        <source>hip</source>
        <translation>髋</translation>
    </message>
    <message>
        <source>knee</source>
        <translation>膝</translation>
    </message>
    <message>
        <source>ankle</source>
        <translation>踝</translation>
    </message>
    <message>
        <source>heel</source>
        <translation>脚跟</translation>
    </message>
    <message>
        <source>toes</source>
        <translation>脚尖</translation>
    </message>
    <message>
        <source>left {point}</source>
        <translation>左{point}</translation>
    </message>
    <message>
        <source>right {point}</source>
        <translation>右{point}</translation>
    </message>
</context>
<context>
    <name>measurement</name>
    <message>
        <source>arm</source>
        <translation>手臂</translation>
    </message>
    <message>
        <source>arm difference</source>
        <translation>两臂之差</translation>
    </message>
    <message>
        <source>arms</source>
        <translation>双臂</translation>
    </message>
    <message>
        <source>arms up</source>
        <translation>手臂上举</translation>
    </message>
    <message>
        <source>back knee</source>
        <translation>后膝</translation>
    </message>
    <message>
        <source>body line</source>
        <translation>身体直线</translation>
    </message>
    <message>
        <source>body tilt</source>
        <translation>身体倾斜</translation>
    </message>
    <message>
        <source>elbow</source>
        <translation>肘</translation>
    </message>
    <message>
        <source>elbow difference</source>
        <translation>两肘之差</translation>
    </message>
    <message>
        <source>feet</source>
        <translation>双脚</translation>
    </message>
    <message>
        <source>front knee</source>
        <translation>前膝</translation>
    </message>
    <message>
        <source>head</source>
        <translation>头部</translation>
    </message>
    <message>
        <source>heel</source>
        <translation>脚跟</translation>
    </message>
    <message>
        <source>hip</source>
        <translation>髋</translation>
    </message>
    <message>
        <source>hip tilt</source>
        <translation>髋部倾斜</translation>
    </message>
    <message>
        <source>knee</source>
        <translation>膝</translation>
    </message>
    <message>
        <source>knee difference</source>
        <translation>两膝之差</translation>
    </message>
    <message>
        <source>knee least straight</source>
        <translation>最弯的膝</translation>
    </message>
    <message>
        <source>knee less bent</source>
        <translation>较直的膝</translation>
    </message>
    <message>
        <source>knee more bent</source>
        <translation>较弯的膝</translation>
    </message>
    <message>
        <source>knee past toes</source>
        <translation>膝超脚尖</translation>
    </message>
    <message>
        <source>knee valgus</source>
        <translation>膝内扣</translation>
    </message>
    <message>
        <source>leg</source>
        <translation>腿</translation>
    </message>
    <message>
        <source>lifted knee</source>
        <translation>抬起的膝</translation>
    </message>
    <message>
        <source>lifted shin</source>
        <translation>抬起的小腿</translation>
    </message>
    <message>
        <source>shin more tilted</source>
        <translation>较斜的小腿</translation>
    </message>
    <message>
        <source>shoulder</source>
        <translation>肩</translation>
    </message>
    <message>
        <source>shoulder tilt</source>
        <translation>肩部倾斜</translation>
    </message>
    <message>
        <source>stance</source>
        <translation>站距</translation>
    </message>
    <message>
        <source>standing knee</source>
        <translation>支撑腿的膝</translation>
    </message>
    <message>
        <source>straighter knee</source>
        <translation>较直的膝</translation>
    </message>
    <message>
        <source>trunk</source>
        <translation>躯干</translation>
    </message>
    <message>
        <source>trunk lean</source>
        <translation>躯干前倾</translation>
    </message>
    <message>
        <source>upper arm</source>
        <translation>上臂</translation>
    </message>
</context>
</TS>
