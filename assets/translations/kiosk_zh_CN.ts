<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Reading the chip… keep the passport still</source>
        <translation>正在读取芯片…请保持护照不动</translation>
    </message>
    <message>
        <source>Please place the passport again, photo page down</source>
        <translation>请重新放置护照，照片页朝下</translation>
    </message>
    <message>
        <source>Reading the chip again… keep the passport still</source>
        <translation>正在重新读取芯片…请保持护照不动</translation>
    </message>
    <message>
        <source>Let&apos;s try again: look at the camera</source>
        <translation>我们再试一次：请看摄像头</translation>
    </message>
    <message>
        <source>Measuring again… please stay on the mark</source>
        <translation>正在重新测量…请站在标记上</translation>
    </message>
    <message>
        <source>Please scan the QR code again</source>
        <translation>请再次扫描二维码</translation>
    </message>
    <message>
        <source>Please walk through the gate now</source>
        <translation>请现在通过闸门</translation>
    </message>
    <message>
        <source>Please come a little closer</source>
        <translation>请再靠近一点</translation>
    </message>
    <message>
        <source>Please step back a little</source>
        <translation>请稍微后退</translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <source>Hold still…</source>
        <translation>请保持不动…</translation>
    </message>
    <message>
        <source>Please face the light</source>
        <translation>请面向光源</translation>
    </message>
    <message>
        <source>Too bright: please step out of the direct light</source>
        <translation>光线太强：请避开直射光</translation>
    </message>
    <message>
        <source>Only one person at a time, please</source>
        <translation>请一次一人</translation>
    </message>
    <message>
        <source>Please remove your glasses</source>
        <translation>请摘下眼镜</translation>
    </message>
    <message>
        <source>Please remove your mask</source>
        <translation>请摘下口罩</translation>
    </message>
    <message>
        <source>Please stand on the mark and look at the camera</source>
        <translation>请站在标记上并看摄像头</translation>
    </message>
    <message>
        <source>Place your passport on the reader, photo page down</source>
        <translation>请将护照照片页朝下放在阅读器上</translation>
    </message>
    <message>
        <source>Keep the passport still on the reader</source>
        <translation>请将护照保持在阅读器上不动</translation>
    </message>
    <message>
        <source>Stand on the mark and look at the camera</source>
        <translation>请站在标记上，看向摄像头</translation>
    </message>
    <message>
        <source>Stay on the mark for a moment</source>
        <translation>请在标记上稍候片刻</translation>
    </message>
    <message>
        <source>Scan the QR code of your e-declaration, or fill it in here</source>
        <translation>请扫描电子申报单二维码，或在此填写</translation>
    </message>
    <message>
        <source>Answer each question, then check your answers</source>
        <translation>请回答每个问题，然后核对您的答案</translation>
    </message>
    <message>
        <source>The gate is open. Have a good journey.</source>
        <translation>闸门已打开，祝您旅途愉快。</translation>
    </message>
    <message>
        <source>An officer will help you in a moment. Please wait here.</source>
        <translation>工作人员马上为您服务，请在此等候。</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen to continue.</source>
        <translation>您还在吗？请触摸屏幕继续。</translation>
    </message>
    <message>
        <source>This is a routine health check. Please wait here for the officer.</source>
        <translation>这是例行健康检查，请在此等候工作人员。</translation>
    </message>
    <message>
        <source>Please take your baggage to the officer for your declaration.</source>
        <translation>请携带行李到工作人员处办理申报。</translation>
    </message>
    <message>
        <source>Please keep your passport in your hand for the officer.</source>
        <translation>请手持护照，等候工作人员查验。</translation>
    </message>
    <message>
        <source>The officer will check your photo with you.</source>
        <translation>工作人员将与您一起核对照片。</translation>
    </message>
    <message>
        <source>Please wait at the gate for the officer.</source>
        <translation>请在闸门处等候工作人员。</translation>
    </message>
    <message>
        <source>Please wait here.</source>
        <translation>请在此等候。</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation>第 {n} 步，共 {total} 步</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>您好，{name}</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>This lane is closed. Please use another lane.</source>
        <translation>本通道已关闭，请使用其他通道。</translation>
    </message>
    <message>
        <source>Customs declaration</source>
        <translation>海关申报</translation>
    </message>
    <message>
        <source>Fill in on screen</source>
        <translation>在屏幕上填写</translation>
    </message>
    <message>
        <source>Please proceed</source>
        <translation>请通行</translation>
    </message>
    <message>
        <source>Please see an officer</source>
        <translation>请等待工作人员</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>Touch the screen to continue.</source>
        <translation>请触摸屏幕继续。</translation>
    </message>
    <message>
        <source>I am still here</source>
        <translation>我还在</translation>
    </message>
    <message>
        <source>Aa  Large text</source>
        <translation>Aa  大字体</translation>
    </message>
    <message>
        <source>Lower controls</source>
        <translation>按键下移</translation>
    </message>
    <message>
        <source>Change answers</source>
        <translation>修改答案</translation>
    </message>
    <message>
        <source>Check my answers</source>
        <translation>核对我的答案</translation>
    </message>
    <message>
        <source>Submit declaration</source>
        <translation>提交申报</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Do you have anything to declare?</source>
        <translation>您有需要申报的物品吗？</translation>
    </message>
    <message>
        <source>Please check your answers</source>
        <translation>请核对您的答案</translation>
    </message>
    <message>
        <source>You declare goods: an officer will see you.</source>
        <translation>您有申报物品：工作人员将为您办理。</translation>
    </message>
    <message>
        <source>You have nothing to declare.</source>
        <translation>您没有需要申报的物品。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败次数</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新 PIN 码</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation>重置 PIN 码</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>新建账户</translation>
    </message>
    <message>
        <source>Officer ID</source>
        <translation>关员工号</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation>放行（打开闸门）</translation>
    </message>
    <message>
        <source>Send to inspection (red channel)</source>
        <translation>移交查验（红色通道）</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Surname</source>
        <translation>姓</translation>
    </message>
    <message>
        <source>Given names</source>
        <translation>名</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Issuing state</source>
        <translation>签发国</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <source>Born (YYMMDD)</source>
        <translation>出生日期（年月日 YYMMDD）</translation>
    </message>
    <message>
        <source>Expires (YYMMDD)</source>
        <translation>有效期至（年月日 YYMMDD）</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Chip portrait (DG2)</source>
        <translation>芯片照片（DG2）</translation>
    </message>
    <message>
        <source>Live capture</source>
        <translation>现场采集照片</translation>
    </message>
    <message>
        <source>no image retained</source>
        <translation>未保留图像</translation>
    </message>
    <message>
        <source>Chip verification</source>
        <translation>芯片验证</translation>
    </message>
    <message>
        <source>MRZ / DG1</source>
        <translation>机读区 / DG1</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>体温</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation>申报</translation>
    </message>
    <message>
        <source>No referral selected</source>
        <translation>未选择移交记录</translation>
    </message>
    <message>
        <source>Lane {lane} · referred {t}</source>
        <translation>通道 {lane} · 移交时间 {t}</translation>
    </message>
    <message>
        <source>image unreadable</source>
        <translation>图像无法读取</translation>
    </message>
    <message>
        <source>match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <source>NO MATCH</source>
        <translation>不匹配</translation>
    </message>
    <message>
        <source>Face match {s} · threshold {t} · {v} · faces in view {n}</source>
        <translation>人脸比对得分 {s} · 阈值 {t} · {v} · 画面中人脸数 {n}</translation>
    </message>
    <message>
        <source>Liveness: {v}</source>
        <translation>活体检测：{v}</translation>
    </message>
    <message>
        <source>Face: not checked</source>
        <translation>人脸：未比对</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>访问控制</translation>
    </message>
    <message>
        <source>Passive authentication</source>
        <translation>被动认证</translation>
    </message>
    <message>
        <source>Active authentication</source>
        <translation>主动认证</translation>
    </message>
    <message>
        <source>Chip authentication</source>
        <translation>芯片认证</translation>
    </message>
    <message>
        <source>DG1 = MRZ</source>
        <translation>DG1 与机读区一致</translation>
    </message>
    <message>
        <source>chip not read</source>
        <translation>未读取芯片</translation>
    </message>
    <message>
        <source>no document</source>
        <translation>无证件信息</translation>
    </message>
    <message>
        <source>Core estimate °C</source>
        <translation>核心体温估计 °C</translation>
    </message>
    <message>
        <source>Threshold °C</source>
        <translation>阈值 °C</translation>
    </message>
    <message>
        <source>Readings °C</source>
        <translation>测量值 °C</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>no declaration</source>
        <translation>无申报</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Confirm decision</source>
        <translation>确认处理决定</translation>
    </message>
    <message>
        <source>Reading your passport</source>
        <translation>正在读取护照</translation>
    </message>
    <message>
        <source>Keep the passport on the reader, photo page down</source>
        <translation>请将护照照片页朝下保持在阅读器上</translation>
    </message>
    <message>
        <source>Reading the chip</source>
        <translation>正在读取芯片</translation>
    </message>
    <message>
        <source>Face check</source>
        <translation>人脸核验</translation>
    </message>
    <message>
        <source>Temperature check</source>
        <translation>体温检测</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
    <message>
        <source>One moment, please</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Walk through the gate now</source>
        <translation>请现在通过闸门</translation>
    </message>
    <message>
        <source>From</source>
        <translation>自</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>至</translation>
    </message>
    <message>
        <source>all lanes</source>
        <translation>全部通道</translation>
    </message>
    <message>
        <source>Document: STATE:NUMBER or stored reference</source>
        <translation>证件：国家:号码 或已存储的引用</translation>
    </message>
    <message>
        <source>Action (prefix, e.g. referral.)</source>
        <translation>操作（前缀，例如 referral.）</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>{n} records (newest first)</source>
        <translation>{n} 条记录（最新在前）</translation>
    </message>
    <message>
        <source>Evidence images are kept only for open referrals, at most {h} h; deciding a referral deletes its images.</source>
        <translation>证据图像仅为未处理的移交保留，最长 {h} 小时；移交处理后即删除其图像。</translation>
    </message>
    <message>
        <source>No evidence images are kept (storage.keep_referral_evidence / retention 0).</source>
        <translation>不保留任何证据图像（storage.keep_referral_evidence / 保留期为 0）。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Purge expired now</source>
        <translation>立即清除过期图像</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Expires (UTC)</source>
        <translation>到期时间（UTC）</translation>
    </message>
    <message>
        <source>{n} images retained for {k} referrals, {b} kB</source>
        <translation>为 {k} 个移交保留了 {n} 张图像，共 {b} kB</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>已放行</translation>
    </message>
    <message>
        <source>Sent to inspection</source>
        <translation>已移交查验</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Back to lane</source>
        <translation>返回通道</translation>
    </message>
    <message>
        <source>Lanes</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>班次报告</translation>
    </message>
    <message>
        <source>Retained evidence</source>
        <translation>保留的证据</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Enter your officer ID and PIN</source>
        <translation>请输入关员工号和 PIN 码</translation>
    </message>
    <message>
        <source>Locked: too many wrong PINs. Try again after {t} UTC or ask a supervisor.</source>
        <translation>已锁定：PIN 码错误次数过多。请在 UTC {t} 之后重试，或联系主管。</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN ({n} attempts left)</source>
        <translation>工号不存在或 PIN 码错误（还可尝试 {n} 次）</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN</source>
        <translation>工号不存在或 PIN 码错误</translation>
    </message>
    <message>
        <source>This account is disabled</source>
        <translation>此账户已停用</translation>
    </message>
    <message>
        <source>Sign-in failed: {e}</source>
        <translation>登录失败：{e}</translation>
    </message>
    <message>
        <source>Signed out after inactivity</source>
        <translation>因长时间无操作已退出登录</translation>
    </message>
    <message>
        <source>sign-out in {s} s</source>
        <translation>{s} 秒后自动退出</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>无此权限</translation>
    </message>
    <message>
        <source>Referrals ({n})</source>
        <translation>移交（{n}）</translation>
    </message>
    <message>
        <source>Lanes not reachable: {e}</source>
        <translation>无法连接通道：{e}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>gate: {g}</source>
        <translation>闸门：{g}</translation>
    </message>
    <message>
        <source>Not done: {e}</source>
        <translation>未完成：{e}</translation>
    </message>
    <message>
        <source>{lane}: {c}…</source>
        <translation>{lane}：{c}…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>{n} expired images deleted</source>
        <translation>已删除 {n} 张过期图像</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Created {id}</source>
        <translation>已创建 {id}</translation>
    </message>
    <message>
        <source>Disabled {id}</source>
        <translation>已停用 {id}</translation>
    </message>
    <message>
        <source>Enabled {id}</source>
        <translation>已启用 {id}</translation>
    </message>
    <message>
        <source>New PIN set for {id}</source>
        <translation>已为 {id} 设置新 PIN 码</translation>
    </message>
    <message>
        <source>passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <source>chip</source>
        <translation>芯片</translation>
    </message>
    <message>
        <source>face check</source>
        <translation>人脸核验</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation>体温</translation>
    </message>
    <message>
        <source>declaration</source>
        <translation>申报</translation>
    </message>
    <message>
        <source>decision</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>gate</source>
        <translation>闸门</translation>
    </message>
    <message>
        <source>Open gate</source>
        <translation>开启闸门</translation>
    </message>
    <message>
        <source>Reset gate</source>
        <translation>复位闸门</translation>
    </message>
    <message>
        <source>Take out of service</source>
        <translation>停止服务</translation>
    </message>
    <message>
        <source>status: {s}</source>
        <translation>状态：{s}</translation>
    </message>
    <message>
        <source>traveller at: {s}</source>
        <translation>旅客当前环节：{s}</translation>
    </message>
    <message>
        <source>{n} waiting for an officer</source>
        <translation>{n} 人等待关员处理</translation>
    </message>
    <message>
        <source>Put in service</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <source>{n} lanes · {k} need attention</source>
        <translation>{n} 条通道 · {k} 条需要处理</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>Shift from</source>
        <translation>班次开始</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Throughput per hour</source>
        <translation>每小时通关人数</translation>
    </message>
    <message>
        <source>Referral rate by reason (%)</source>
        <translation>各原因移交率（%）</translation>
    </message>
    <message>
        <source>Face match score distribution</source>
        <translation>人脸比对得分分布</translation>
    </message>
    <message>
        <source>{start} – {end} UTC · lanes {lanes} · {n} travellers · {c} cleared · {k} referred ({rate:.1%}) · lane time mean {mean}, 95th percentile {p95} · decisions {d}</source>
        <translation>{start} – {end} UTC · 通道 {lanes} · 旅客 {n} 人 · 放行 {c} 人 · 移交 {k} 人（{rate:.1%}） · 平均通关时间 {mean}，95 百分位 {p95} · 处理决定 {d} 项</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>放行</translation>
    </message>
    <message>
        <source>referred</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>referral rate %</source>
        <translation>移交率 %</translation>
    </message>
    <message>
        <source>below threshold</source>
        <translation>低于阈值</translation>
    </message>
    <message>
        <source>at or above threshold</source>
        <translation>达到或高于阈值</translation>
    </message>
    <message>
        <source>Export shift report</source>
        <translation>导出班次报告</translation>
    </message>
    <message>
        <source>Export failed: {e}</source>
        <translation>导出失败：{e}</translation>
    </message>
    <message>
        <source>Exported {p}</source>
        <translation>已导出 {p}</translation>
    </message>
    <message>
        <source>Officer sign-in</source>
        <translation>关员登录</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>服务中</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Waiting for an officer</source>
        <translation>等待关员</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>停止服务</translation>
    </message>
    <message>
        <source>Device fault</source>
        <translation>设备故障</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation>紧急状态</translation>
    </message>
</context>
</TS>
