<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Reading the chip… keep the passport still</source>
        <translation type="unfinished">正在讀取晶片…請保持護照不動</translation>
    </message>
    <message>
        <source>Please place the passport again, photo page down</source>
        <translation type="unfinished">請重新放置護照，照片頁朝下</translation>
    </message>
    <message>
        <source>Reading the chip again… keep the passport still</source>
        <translation type="unfinished">正在重新讀取晶片…請保持護照不動</translation>
    </message>
    <message>
        <source>Let&apos;s try again: look at the camera</source>
        <translation type="unfinished">我們再試一次：請看攝影機</translation>
    </message>
    <message>
        <source>Measuring again… please stay on the mark</source>
        <translation type="unfinished">正在重新測量…請站在標記上</translation>
    </message>
    <message>
        <source>Please scan the QR code again</source>
        <translation type="unfinished">請再次掃描 QR 碼</translation>
    </message>
    <message>
        <source>Please walk through the gate now</source>
        <translation type="unfinished">請現在通過閘門</translation>
    </message>
    <message>
        <source>Please come a little closer</source>
        <translation type="unfinished">請再靠近一點</translation>
    </message>
    <message>
        <source>Please step back a little</source>
        <translation type="unfinished">請稍微後退</translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation type="unfinished">請看攝影機</translation>
    </message>
    <message>
        <source>Hold still…</source>
        <translation type="unfinished">請保持不動…</translation>
    </message>
    <message>
        <source>Please face the light</source>
        <translation type="unfinished">請面向光源</translation>
    </message>
    <message>
        <source>Too bright: please step out of the direct light</source>
        <translation type="unfinished">光線太強：請避開直射光</translation>
    </message>
    <message>
        <source>Only one person at a time, please</source>
        <translation type="unfinished">請一次一人</translation>
    </message>
    <message>
        <source>Please remove your glasses</source>
        <translation type="unfinished">請摘下眼鏡</translation>
    </message>
    <message>
        <source>Please remove your mask</source>
        <translation type="unfinished">請摘下口罩</translation>
    </message>
    <message>
        <source>Please stand on the mark and look at the camera</source>
        <translation type="unfinished">請站在標記上並看攝影機</translation>
    </message>
    <message>
        <source>Place your passport on the reader, photo page down</source>
        <translation type="unfinished">請將護照照片頁朝下放在讀取器上</translation>
    </message>
    <message>
        <source>Keep the passport still on the reader</source>
        <translation type="unfinished">請將護照保持在讀取器上不動</translation>
    </message>
    <message>
        <source>Stand on the mark and look at the camera</source>
        <translation type="unfinished">請站在標記上，看向攝影機</translation>
    </message>
    <message>
        <source>Stay on the mark for a moment</source>
        <translation type="unfinished">請在標記上稍候片刻</translation>
    </message>
    <message>
        <source>Scan the QR code of your e-declaration, or fill it in here</source>
        <translation type="unfinished">請掃描電子申報單 QR 碼，或在此填寫</translation>
    </message>
    <message>
        <source>Answer each question, then check your answers</source>
        <translation type="unfinished">請回答每個問題，然後核對您的答案</translation>
    </message>
    <message>
        <source>The gate is open. Have a good journey.</source>
        <translation type="unfinished">閘門已開啟，祝您旅途愉快。</translation>
    </message>
    <message>
        <source>An officer will help you in a moment. Please wait here.</source>
        <translation type="unfinished">工作人員馬上為您服務，請在此等候。</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen to continue.</source>
        <translation type="unfinished">您還在嗎？請觸摸螢幕繼續。</translation>
    </message>
    <message>
        <source>This is a routine health check. Please wait here for the officer.</source>
        <translation type="unfinished">這是例行健康檢查，請在此等候工作人員。</translation>
    </message>
    <message>
        <source>Please take your baggage to the officer for your declaration.</source>
        <translation type="unfinished">請攜帶行李到工作人員處辦理申報。</translation>
    </message>
    <message>
        <source>Please keep your passport in your hand for the officer.</source>
        <translation type="unfinished">請手持護照，等候工作人員查驗。</translation>
    </message>
    <message>
        <source>The officer will check your photo with you.</source>
        <translation type="unfinished">工作人員將與您一起核對照片。</translation>
    </message>
    <message>
        <source>Please wait at the gate for the officer.</source>
        <translation type="unfinished">請在閘門處等候工作人員。</translation>
    </message>
    <message>
        <source>Please wait here.</source>
        <translation type="unfinished">請在此等候。</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation type="unfinished">第 {n} 步，共 {total} 步</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation type="unfinished">您好，{name}</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished">歡迎</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation type="unfinished">工作人員</translation>
    </message>
    <message>
        <source>This lane is closed. Please use another lane.</source>
        <translation type="unfinished">本通道已關閉，請使用其他通道。</translation>
    </message>
    <message>
        <source>Customs declaration</source>
        <translation type="unfinished">海關申報</translation>
    </message>
    <message>
        <source>Fill in on screen</source>
        <translation type="unfinished">在螢幕上填寫</translation>
    </message>
    <message>
        <source>Please proceed</source>
        <translation type="unfinished">請通行</translation>
    </message>
    <message>
        <source>Please see an officer</source>
        <translation type="unfinished">請等待工作人員</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation type="unfinished">您還在嗎？</translation>
    </message>
    <message>
        <source>Touch the screen to continue.</source>
        <translation type="unfinished">請觸摸螢幕繼續。</translation>
    </message>
    <message>
        <source>I am still here</source>
        <translation type="unfinished">我還在</translation>
    </message>
    <message>
        <source>Aa  Large text</source>
        <translation type="unfinished">Aa  大字體</translation>
    </message>
    <message>
        <source>Lower controls</source>
        <translation type="unfinished">按鍵下移</translation>
    </message>
    <message>
        <source>Change answers</source>
        <translation type="unfinished">修改答案</translation>
    </message>
    <message>
        <source>Check my answers</source>
        <translation type="unfinished">核對我的答案</translation>
    </message>
    <message>
        <source>Submit declaration</source>
        <translation type="unfinished">提交申報</translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished">否</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished">是</translation>
    </message>
    <message>
        <source>Do you have anything to declare?</source>
        <translation type="unfinished">您有需要申報的物品嗎？</translation>
    </message>
    <message>
        <source>Please check your answers</source>
        <translation type="unfinished">請核對您的答案</translation>
    </message>
    <message>
        <source>You declare goods: an officer will see you.</source>
        <translation type="unfinished">您有申報物品：工作人員將為您辦理。</translation>
    </message>
    <message>
        <source>You have nothing to declare.</source>
        <translation type="unfinished">您沒有需要申報的物品。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished">員工編號</translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished">角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">狀態</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished">失敗次數</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished">停用</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation type="unfinished">新 PIN 碼</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation type="unfinished">重設 PIN 碼</translation>
    </message>
    <message>
        <source>New account</source>
        <translation type="unfinished">新增帳戶</translation>
    </message>
    <message>
        <source>Officer ID</source>
        <translation type="unfinished">關員編號</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished">密碼</translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished">建立</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished">已停用</translation>
    </message>
    <message>
        <source>locked</source>
        <translation type="unfinished">已鎖定</translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished">正常</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished">啟用</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation type="unfinished">放行（開啟閘門）</translation>
    </message>
    <message>
        <source>Send to inspection (red channel)</source>
        <translation type="unfinished">移送查驗（紅色通道）</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished">拒絕</translation>
    </message>
    <message>
        <source>Surname</source>
        <translation type="unfinished">姓</translation>
    </message>
    <message>
        <source>Given names</source>
        <translation type="unfinished">名</translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished">證件號碼</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">類型</translation>
    </message>
    <message>
        <source>Issuing state</source>
        <translation type="unfinished">簽發國</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation type="unfinished">國籍</translation>
    </message>
    <message>
        <source>Born (YYMMDD)</source>
        <translation type="unfinished">出生日期（YYMMDD）</translation>
    </message>
    <message>
        <source>Expires (YYMMDD)</source>
        <translation type="unfinished">效期至（YYMMDD）</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished">性別</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished">已過期</translation>
    </message>
    <message>
        <source>Chip portrait (DG2)</source>
        <translation type="unfinished">晶片照片（DG2）</translation>
    </message>
    <message>
        <source>Live capture</source>
        <translation type="unfinished">現場擷取影像</translation>
    </message>
    <message>
        <source>no image retained</source>
        <translation type="unfinished">未保留影像</translation>
    </message>
    <message>
        <source>Chip verification</source>
        <translation type="unfinished">晶片驗證</translation>
    </message>
    <message>
        <source>MRZ / DG1</source>
        <translation type="unfinished">機讀區 / DG1</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished">體溫</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation type="unfinished">申報</translation>
    </message>
    <message>
        <source>No referral selected</source>
        <translation type="unfinished">未選擇移送紀錄</translation>
    </message>
    <message>
        <source>Lane {lane} · referred {t}</source>
        <translation type="unfinished">通道 {lane} · 移送時間 {t}</translation>
    </message>
    <message>
        <source>image unreadable</source>
        <translation type="unfinished">影像無法讀取</translation>
    </message>
    <message>
        <source>match</source>
        <translation type="unfinished">相符</translation>
    </message>
    <message>
        <source>NO MATCH</source>
        <translation type="unfinished">不相符</translation>
    </message>
    <message>
        <source>Face match {s} · threshold {t} · {v} · faces in view {n}</source>
        <translation type="unfinished">人臉比對分數 {s} · 門檻 {t} · {v} · 畫面中人臉數 {n}</translation>
    </message>
    <message>
        <source>Liveness: {v}</source>
        <translation type="unfinished">活體偵測：{v}</translation>
    </message>
    <message>
        <source>Face: not checked</source>
        <translation type="unfinished">人臉：未比對</translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished">存取控制</translation>
    </message>
    <message>
        <source>Passive authentication</source>
        <translation type="unfinished">被動認證</translation>
    </message>
    <message>
        <source>Active authentication</source>
        <translation type="unfinished">主動認證</translation>
    </message>
    <message>
        <source>Chip authentication</source>
        <translation type="unfinished">晶片認證</translation>
    </message>
    <message>
        <source>DG1 = MRZ</source>
        <translation type="unfinished">DG1 與機讀區一致</translation>
    </message>
    <message>
        <source>chip not read</source>
        <translation type="unfinished">未讀取晶片</translation>
    </message>
    <message>
        <source>no document</source>
        <translation type="unfinished">無證件資料</translation>
    </message>
    <message>
        <source>Core estimate °C</source>
        <translation type="unfinished">核心體溫估計 °C</translation>
    </message>
    <message>
        <source>Threshold °C</source>
        <translation type="unfinished">門檻 °C</translation>
    </message>
    <message>
        <source>Readings °C</source>
        <translation type="unfinished">量測值 °C</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished">詳細資料</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation type="unfinished">未量測</translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished">來源</translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished">物品</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation type="unfinished">原因</translation>
    </message>
    <message>
        <source>no declaration</source>
        <translation type="unfinished">無申報</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation type="unfinished">備註（選填）</translation>
    </message>
    <message>
        <source>Confirm decision</source>
        <translation type="unfinished">確認處理決定</translation>
    </message>
    <message>
        <source>Reading your passport</source>
        <translation type="unfinished">正在讀取護照</translation>
    </message>
    <message>
        <source>Keep the passport on the reader, photo page down</source>
        <translation type="unfinished">請將護照照片頁朝下保持在讀取器上</translation>
    </message>
    <message>
        <source>Reading the chip</source>
        <translation type="unfinished">正在讀取晶片</translation>
    </message>
    <message>
        <source>Face check</source>
        <translation type="unfinished">人臉核驗</translation>
    </message>
    <message>
        <source>Temperature check</source>
        <translation type="unfinished">體溫檢測</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished">正在核驗…</translation>
    </message>
    <message>
        <source>One moment, please</source>
        <translation type="unfinished">請稍候</translation>
    </message>
    <message>
        <source>Walk through the gate now</source>
        <translation type="unfinished">請現在通過閘門</translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished">自</translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished">至</translation>
    </message>
    <message>
        <source>all lanes</source>
        <translation type="unfinished">所有通道</translation>
    </message>
    <message>
        <source>Document: STATE:NUMBER or stored reference</source>
        <translation type="unfinished">證件：國家:號碼 或已儲存的參照</translation>
    </message>
    <message>
        <source>Action (prefix, e.g. referral.)</source>
        <translation type="unfinished">動作（前綴，例如 referral.）</translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished">搜尋</translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished">序號</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished">時間（UTC）</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished">通道</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished">執行者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished">動作</translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished">資料</translation>
    </message>
    <message>
        <source>{n} records (newest first)</source>
        <translation type="unfinished">{n} 筆紀錄（最新在前）</translation>
    </message>
    <message>
        <source>Evidence images are kept only for open referrals, at most {h} h; deciding a referral deletes its images.</source>
        <translation type="unfinished">證據影像僅為未處理的移送保留，最長 {h} 小時；移送處理後即刪除其影像。</translation>
    </message>
    <message>
        <source>No evidence images are kept (storage.keep_referral_evidence / retention 0).</source>
        <translation type="unfinished">不保留任何證據影像（storage.keep_referral_evidence / 保留期為 0）。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished">重新整理</translation>
    </message>
    <message>
        <source>Purge expired now</source>
        <translation type="unfinished">立即清除過期影像</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation type="unfinished">移送</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished">種類</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished">位元組</translation>
    </message>
    <message>
        <source>Expires (UTC)</source>
        <translation type="unfinished">到期時間（UTC）</translation>
    </message>
    <message>
        <source>{n} images retained for {k} referrals, {b} kB</source>
        <translation type="unfinished">為 {k} 筆移送保留了 {n} 張影像，共 {b} kB</translation>
    </message>
    <message>
        <source>Released</source>
        <translation type="unfinished">已放行</translation>
    </message>
    <message>
        <source>Sent to inspection</source>
        <translation type="unfinished">已移送查驗</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished">已拒絕</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished">登出</translation>
    </message>
    <message>
        <source>Back to lane</source>
        <translation type="unfinished">返回通道</translation>
    </message>
    <message>
        <source>Lanes</source>
        <translation type="unfinished">通道</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation type="unfinished">移送</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished">稽核</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation type="unfinished">班次報告</translation>
    </message>
    <message>
        <source>Retained evidence</source>
        <translation type="unfinished">保留的證據</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished">帳戶</translation>
    </message>
    <message>
        <source>Enter your officer ID and PIN</source>
        <translation type="unfinished">請輸入關員編號與 PIN 碼</translation>
    </message>
    <message>
        <source>Locked: too many wrong PINs. Try again after {t} UTC or ask a supervisor.</source>
        <translation type="unfinished">已鎖定：PIN 碼錯誤次數過多。請於 UTC {t} 之後再試，或聯絡主管。</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN ({n} attempts left)</source>
        <translation type="unfinished">編號不存在或 PIN 碼錯誤（尚可嘗試 {n} 次）</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN</source>
        <translation type="unfinished">編號不存在或 PIN 碼錯誤</translation>
    </message>
    <message>
        <source>This account is disabled</source>
        <translation type="unfinished">此帳戶已停用</translation>
    </message>
    <message>
        <source>Sign-in failed: {e}</source>
        <translation type="unfinished">登入失敗：{e}</translation>
    </message>
    <message>
        <source>Signed out after inactivity</source>
        <translation type="unfinished">因閒置過久已登出</translation>
    </message>
    <message>
        <source>sign-out in {s} s</source>
        <translation type="unfinished">{s} 秒後自動登出</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation type="unfinished">無此權限</translation>
    </message>
    <message>
        <source>Referrals ({n})</source>
        <translation type="unfinished">移送（{n}）</translation>
    </message>
    <message>
        <source>Lanes not reachable: {e}</source>
        <translation type="unfinished">無法連線至通道：{e}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished">傳送中…</translation>
    </message>
    <message>
        <source>gate: {g}</source>
        <translation type="unfinished">閘門：{g}</translation>
    </message>
    <message>
        <source>Not done: {e}</source>
        <translation type="unfinished">未完成：{e}</translation>
    </message>
    <message>
        <source>{lane}: {c}…</source>
        <translation type="unfinished">{lane}：{c}…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished">搜尋中…</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished">計算中…</translation>
    </message>
    <message>
        <source>{n} expired images deleted</source>
        <translation type="unfinished">已刪除 {n} 張過期影像</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished">儲存中…</translation>
    </message>
    <message>
        <source>Created {id}</source>
        <translation type="unfinished">已建立 {id}</translation>
    </message>
    <message>
        <source>Disabled {id}</source>
        <translation type="unfinished">已停用 {id}</translation>
    </message>
    <message>
        <source>Enabled {id}</source>
        <translation type="unfinished">已啟用 {id}</translation>
    </message>
    <message>
        <source>New PIN set for {id}</source>
        <translation type="unfinished">已為 {id} 設定新 PIN 碼</translation>
    </message>
    <message>
        <source>passport</source>
        <translation type="unfinished">護照</translation>
    </message>
    <message>
        <source>chip</source>
        <translation type="unfinished">晶片</translation>
    </message>
    <message>
        <source>face check</source>
        <translation type="unfinished">人臉核驗</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation type="unfinished">體溫</translation>
    </message>
    <message>
        <source>declaration</source>
        <translation type="unfinished">申報</translation>
    </message>
    <message>
        <source>decision</source>
        <translation type="unfinished">判定</translation>
    </message>
    <message>
        <source>gate</source>
        <translation type="unfinished">閘門</translation>
    </message>
    <message>
        <source>Open gate</source>
        <translation type="unfinished">開啟閘門</translation>
    </message>
    <message>
        <source>Reset gate</source>
        <translation type="unfinished">重設閘門</translation>
    </message>
    <message>
        <source>Take out of service</source>
        <translation type="unfinished">停止服務</translation>
    </message>
    <message>
        <source>status: {s}</source>
        <translation type="unfinished">狀態：{s}</translation>
    </message>
    <message>
        <source>traveller at: {s}</source>
        <translation type="unfinished">旅客目前步驟：{s}</translation>
    </message>
    <message>
        <source>{n} waiting for an officer</source>
        <translation type="unfinished">{n} 人等待關員處理</translation>
    </message>
    <message>
        <source>Put in service</source>
        <translation type="unfinished">恢復服務</translation>
    </message>
    <message>
        <source>{n} lanes · {k} need attention</source>
        <translation type="unfinished">{n} 條通道 · {k} 條需要處理</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation type="unfinished">計算</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished">匯出 CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation type="unfinished">匯出 PDF</translation>
    </message>
    <message>
        <source>Shift from</source>
        <translation type="unfinished">班次開始</translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished">至</translation>
    </message>
    <message>
        <source>Throughput per hour</source>
        <translation type="unfinished">每小時通關人數</translation>
    </message>
    <message>
        <source>Referral rate by reason (%)</source>
        <translation type="unfinished">各原因移送率（%）</translation>
    </message>
    <message>
        <source>Face match score distribution</source>
        <translation type="unfinished">人臉比對分數分布</translation>
    </message>
    <message>
        <source>{start} – {end} UTC · lanes {lanes} · {n} travellers · {c} cleared · {k} referred ({rate:.1%}) · lane time mean {mean}, 95th percentile {p95} · decisions {d}</source>
        <translation type="unfinished">{start} – {end} UTC · 通道 {lanes} · 旅客 {n} 人 · 放行 {c} 人 · 移送 {k} 人（{rate:.1%}） · 平均通關時間 {mean}，第 95 百分位 {p95} · 處理決定 {d} 項</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation type="unfinished">放行</translation>
    </message>
    <message>
        <source>referred</source>
        <translation type="unfinished">移送</translation>
    </message>
    <message>
        <source>referral rate %</source>
        <translation type="unfinished">移送率 %</translation>
    </message>
    <message>
        <source>below threshold</source>
        <translation type="unfinished">低於門檻</translation>
    </message>
    <message>
        <source>at or above threshold</source>
        <translation type="unfinished">達到或高於門檻</translation>
    </message>
    <message>
        <source>Export shift report</source>
        <translation type="unfinished">匯出班次報告</translation>
    </message>
    <message>
        <source>Export failed: {e}</source>
        <translation type="unfinished">匯出失敗：{e}</translation>
    </message>
    <message>
        <source>Exported {p}</source>
        <translation type="unfinished">已匯出 {p}</translation>
    </message>
    <message>
        <source>Officer sign-in</source>
        <translation type="unfinished">關員登入</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished">登入</translation>
    </message>
    <message>
        <source>In service</source>
        <translation type="unfinished">服務中</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished">使用中</translation>
    </message>
    <message>
        <source>Waiting for an officer</source>
        <translation type="unfinished">等待關員</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation type="unfinished">停止服務</translation>
    </message>
    <message>
        <source>Device fault</source>
        <translation type="unfinished">設備故障</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation type="unfinished">緊急狀態</translation>
    </message>
</context>
</TS>
