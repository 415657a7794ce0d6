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
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation>放行（打开闸门）</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reset gate alarm</source>
        <translation>复位闸门报警</translation>
    </message>
    <message>
        <source>Lane in/out of service</source>
        <translation>通道启用/停用</translation>
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
        <source>Locked: too many wrong PINs</source>
        <translation>已锁定：密码错误次数过多</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation>密码错误</translation>
    </message>
</context>
</TS>
