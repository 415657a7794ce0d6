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
        <source>PIN</source>
        <translation type="unfinished">密碼</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation type="unfinished">放行（開啟閘門）</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished">拒絕</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished">關閉</translation>
    </message>
    <message>
        <source>Reset gate alarm</source>
        <translation type="unfinished">重設閘門警報</translation>
    </message>
    <message>
        <source>Lane in/out of service</source>
        <translation type="unfinished">通道啟用/停用</translation>
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
        <source>Locked: too many wrong PINs</source>
        <translation type="unfinished">已鎖定：密碼錯誤次數過多</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation type="unfinished">密碼錯誤</translation>
    </message>
</context>
</TS>
