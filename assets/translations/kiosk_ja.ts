<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Reading the chip… keep the passport still</source>
        <translation type="unfinished">ICチップを読み取り中…パスポートを動かさないでください</translation>
    </message>
    <message>
        <source>Please place the passport again, photo page down</source>
        <translation type="unfinished">パスポートを写真のページを下にしてもう一度置いてください</translation>
    </message>
    <message>
        <source>Reading the chip again… keep the passport still</source>
        <translation type="unfinished">ICチップを再度読み取り中…パスポートを動かさないでください</translation>
    </message>
    <message>
        <source>Let&apos;s try again: look at the camera</source>
        <translation type="unfinished">もう一度：カメラを見てください</translation>
    </message>
    <message>
        <source>Measuring again… please stay on the mark</source>
        <translation type="unfinished">再測定中…マークの上に立ったままでいてください</translation>
    </message>
    <message>
        <source>Please scan the QR code again</source>
        <translation type="unfinished">QRコードをもう一度読み取らせてください</translation>
    </message>
    <message>
        <source>Please walk through the gate now</source>
        <translation type="unfinished">ゲートをお通りください</translation>
    </message>
    <message>
        <source>Please come a little closer</source>
        <translation type="unfinished">もう少し近づいてください</translation>
    </message>
    <message>
        <source>Please step back a little</source>
        <translation type="unfinished">少し下がってください</translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation type="unfinished">カメラを見てください</translation>
    </message>
    <message>
        <source>Hold still…</source>
        <translation type="unfinished">動かないでください…</translation>
    </message>
    <message>
        <source>Please face the light</source>
        <translation type="unfinished">明るい方を向いてください</translation>
    </message>
    <message>
        <source>Too bright: please step out of the direct light</source>
        <translation type="unfinished">明るすぎます：直射光の当たらない所へ移動してください</translation>
    </message>
    <message>
        <source>Only one person at a time, please</source>
        <translation type="unfinished">一度にお一人ずつお願いします</translation>
    </message>
    <message>
        <source>Please remove your glasses</source>
        <translation type="unfinished">眼鏡を外してください</translation>
    </message>
    <message>
        <source>Please remove your mask</source>
        <translation type="unfinished">マスクを外してください</translation>
    </message>
    <message>
        <source>Please stand on the mark and look at the camera</source>
        <translation type="unfinished">マークの上に立ってカメラを見てください</translation>
    </message>
    <message>
        <source>Place your passport on the reader, photo page down</source>
        <translation type="unfinished">パスポートを写真のページを下にしてリーダーに置いてください</translation>
    </message>
    <message>
        <source>Keep the passport still on the reader</source>
        <translation type="unfinished">パスポートをリーダーの上で動かさないでください</translation>
    </message>
    <message>
        <source>Stand on the mark and look at the camera</source>
        <translation type="unfinished">マークの上に立ち、カメラを見てください</translation>
    </message>
    <message>
        <source>Stay on the mark for a moment</source>
        <translation type="unfinished">しばらくマークの上にいてください</translation>
    </message>
    <message>
        <source>Scan the QR code of your e-declaration, or fill it in here</source>
        <translation type="unfinished">電子申告のQRコードを読み取らせるか、ここで入力してください</translation>
    </message>
    <message>
        <source>Answer each question, then check your answers</source>
        <translation type="unfinished">各質問に答えてから、回答を確認してください</translation>
    </message>
    <message>
        <source>The gate is open. Have a good journey.</source>
        <translation type="unfinished">ゲートが開きました。よい旅を。</translation>
    </message>
    <message>
        <source>An officer will help you in a moment. Please wait here.</source>
        <translation type="unfinished">まもなく係員がご案内します。ここでお待ちください。</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen to continue.</source>
        <translation type="unfinished">まだいらっしゃいますか？続けるには画面に触れてください。</translation>
    </message>
    <message>
        <source>This is a routine health check. Please wait here for the officer.</source>
        <translation type="unfinished">これは通常の健康チェックです。ここで係員をお待ちください。</translation>
    </message>
    <message>
        <source>Please take your baggage to the officer for your declaration.</source>
        <translation type="unfinished">申告のため、お荷物を係員のところへお持ちください。</translation>
    </message>
    <message>
        <source>Please keep your passport in your hand for the officer.</source>
        <translation type="unfinished">係員のためにパスポートをお手元にご用意ください。</translation>
    </message>
    <message>
        <source>The officer will check your photo with you.</source>
        <translation type="unfinished">係員が写真を一緒に確認します。</translation>
    </message>
    <message>
        <source>Please wait at the gate for the officer.</source>
        <translation type="unfinished">ゲートで係員をお待ちください。</translation>
    </message>
    <message>
        <source>Please wait here.</source>
        <translation type="unfinished">ここでお待ちください。</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation type="unfinished">ステップ {n}／{total}</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation type="unfinished">こんにちは、{name} 様</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished">ようこそ</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation type="unfinished">係員</translation>
    </message>
    <message>
        <source>This lane is closed. Please use another lane.</source>
        <translation type="unfinished">このレーンは閉鎖中です。別のレーンをご利用ください。</translation>
    </message>
    <message>
        <source>Customs declaration</source>
        <translation type="unfinished">税関申告</translation>
    </message>
    <message>
        <source>Fill in on screen</source>
        <translation type="unfinished">画面で入力する</translation>
    </message>
    <message>
        <source>Please proceed</source>
        <translation type="unfinished">お進みください</translation>
    </message>
    <message>
        <source>Please see an officer</source>
        <translation type="unfinished">係員をお待ちください</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation type="unfinished">まだいらっしゃいますか？</translation>
    </message>
    <message>
        <source>Touch the screen to continue.</source>
        <translation type="unfinished">続けるには画面に触れてください。</translation>
    </message>
    <message>
        <source>I am still here</source>
        <translation type="unfinished">まだいます</translation>
    </message>
    <message>
        <source>Aa  Large text</source>
        <translation type="unfinished">Aa  大きな文字</translation>
    </message>
    <message>
        <source>Lower controls</source>
        <translation type="unfinished">操作を下に</translation>
    </message>
    <message>
        <source>Change answers</source>
        <translation type="unfinished">回答を変更</translation>
    </message>
    <message>
        <source>Check my answers</source>
        <translation type="unfinished">回答を確認</translation>
    </message>
    <message>
        <source>Submit declaration</source>
        <translation type="unfinished">申告を送信</translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished">いいえ</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished">はい</translation>
    </message>
    <message>
        <source>Do you have anything to declare?</source>
        <translation type="unfinished">申告するものはありますか？</translation>
    </message>
    <message>
        <source>Please check your answers</source>
        <translation type="unfinished">回答をご確認ください</translation>
    </message>
    <message>
        <source>You declare goods: an officer will see you.</source>
        <translation type="unfinished">申告する物品があります：係員が対応します。</translation>
    </message>
    <message>
        <source>You have nothing to declare.</source>
        <translation type="unfinished">申告するものはありません。</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished">暗証番号</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation type="unfinished">通過許可（ゲートを開く）</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished">拒否</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished">閉じる</translation>
    </message>
    <message>
        <source>Reset gate alarm</source>
        <translation type="unfinished">ゲート警報をリセット</translation>
    </message>
    <message>
        <source>Lane in/out of service</source>
        <translation type="unfinished">レーンの運用/停止</translation>
    </message>
    <message>
        <source>Reading your passport</source>
        <translation type="unfinished">パスポートを読み取り中</translation>
    </message>
    <message>
        <source>Keep the passport on the reader, photo page down</source>
        <translation type="unfinished">パスポートを写真のページを下にしてリーダーに置いたままにしてください</translation>
    </message>
    <message>
        <source>Reading the chip</source>
        <translation type="unfinished">ICチップを読み取り中</translation>
    </message>
    <message>
        <source>Face check</source>
        <translation type="unfinished">顔の照合</translation>
    </message>
    <message>
        <source>Temperature check</source>
        <translation type="unfinished">体温チェック</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished">確認中…</translation>
    </message>
    <message>
        <source>One moment, please</source>
        <translation type="unfinished">少々お待ちください</translation>
    </message>
    <message>
        <source>Walk through the gate now</source>
        <translation type="unfinished">ゲートをお通りください</translation>
    </message>
    <message>
        <source>Locked: too many wrong PINs</source>
        <translation type="unfinished">ロック：暗証番号の誤りが多すぎます</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation type="unfinished">暗証番号が違います</translation>
    </message>
</context>
</TS>
