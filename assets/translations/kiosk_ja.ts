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
        <source>ID</source>
        <translation type="unfinished">ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">氏名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished">役割</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">状態</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished">失敗回数</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished">無効化</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation type="unfinished">新しいPIN</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation type="unfinished">PINを再設定</translation>
    </message>
    <message>
        <source>New account</source>
        <translation type="unfinished">新規アカウント</translation>
    </message>
    <message>
        <source>Officer ID</source>
        <translation type="unfinished">職員ID</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished">暗証番号</translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished">作成</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished">無効</translation>
    </message>
    <message>
        <source>locked</source>
        <translation type="unfinished">ロック中</translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished">有効</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished">有効化</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation type="unfinished">通過許可（ゲートを開く）</translation>
    </message>
    <message>
        <source>Send to inspection (red channel)</source>
        <translation type="unfinished">検査へ回す（赤色通路）</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished">拒否</translation>
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
        <translation type="unfinished">旅券番号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">種別</translation>
    </message>
    <message>
        <source>Issuing state</source>
        <translation type="unfinished">発行国</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation type="unfinished">国籍</translation>
    </message>
    <message>
        <source>Born (YYMMDD)</source>
        <translation type="unfinished">生年月日（YYMMDD）</translation>
    </message>
    <message>
        <source>Expires (YYMMDD)</source>
        <translation type="unfinished">有効期限（YYMMDD）</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished">性別</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished">期限切れ</translation>
    </message>
    <message>
        <source>Chip portrait (DG2)</source>
        <translation type="unfinished">ICチップの顔写真（DG2）</translation>
    </message>
    <message>
        <source>Live capture</source>
        <translation type="unfinished">撮影画像</translation>
    </message>
    <message>
        <source>no image retained</source>
        <translation type="unfinished">画像は保存されていません</translation>
    </message>
    <message>
        <source>Chip verification</source>
        <translation type="unfinished">ICチップ検証</translation>
    </message>
    <message>
        <source>MRZ / DG1</source>
        <translation type="unfinished">MRZ / DG1</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished">体温</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation type="unfinished">申告</translation>
    </message>
    <message>
        <source>No referral selected</source>
        <translation type="unfinished">照会が選択されていません</translation>
    </message>
    <message>
        <source>Lane {lane} · referred {t}</source>
        <translation type="unfinished">レーン {lane} · 照会時刻 {t}</translation>
    </message>
    <message>
        <source>image unreadable</source>
        <translation type="unfinished">画像を読み取れません</translation>
    </message>
    <message>
        <source>match</source>
        <translation type="unfinished">一致</translation>
    </message>
    <message>
        <source>NO MATCH</source>
        <translation type="unfinished">不一致</translation>
    </message>
    <message>
        <source>Face match {s} · threshold {t} · {v} · faces in view {n}</source>
        <translation type="unfinished">顔照合スコア {s} · しきい値 {t} · {v} · 画面内の顔 {n}</translation>
    </message>
    <message>
        <source>Liveness: {v}</source>
        <translation type="unfinished">生体検知：{v}</translation>
    </message>
    <message>
        <source>Face: not checked</source>
        <translation type="unfinished">顔：未照合</translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished">アクセス制御</translation>
    </message>
    <message>
        <source>Passive authentication</source>
        <translation type="unfinished">パッシブ認証</translation>
    </message>
    <message>
        <source>Active authentication</source>
        <translation type="unfinished">アクティブ認証</translation>
    </message>
    <message>
        <source>Chip authentication</source>
        <translation type="unfinished">チップ認証</translation>
    </message>
    <message>
        <source>DG1 = MRZ</source>
        <translation type="unfinished">DG1 = MRZ</translation>
    </message>
    <message>
        <source>chip not read</source>
        <translation type="unfinished">ICチップ未読取</translation>
    </message>
    <message>
        <source>no document</source>
        <translation type="unfinished">旅券情報なし</translation>
    </message>
    <message>
        <source>Core estimate °C</source>
        <translation type="unfinished">深部体温推定 °C</translation>
    </message>
    <message>
        <source>Threshold °C</source>
        <translation type="unfinished">しきい値 °C</translation>
    </message>
    <message>
        <source>Readings °C</source>
        <translation type="unfinished">測定値 °C</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished">詳細</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation type="unfinished">未測定</translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished">入力元</translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished">品目</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation type="unfinished">理由</translation>
    </message>
    <message>
        <source>no declaration</source>
        <translation type="unfinished">申告なし</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation type="unfinished">メモ（任意）</translation>
    </message>
    <message>
        <source>Confirm decision</source>
        <translation type="unfinished">判断を確定</translation>
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
        <source>From</source>
        <translation type="unfinished">開始</translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished">終了</translation>
    </message>
    <message>
        <source>all lanes</source>
        <translation type="unfinished">全レーン</translation>
    </message>
    <message>
        <source>Document: STATE:NUMBER or stored reference</source>
        <translation type="unfinished">旅券：国:番号 または保存済みの参照</translation>
    </message>
    <message>
        <source>Action (prefix, e.g. referral.)</source>
        <translation type="unfinished">操作（接頭辞、例 referral.）</translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished">検索</translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished">番号</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished">時刻（UTC）</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished">レーン</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished">実行者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished">操作</translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished">データ</translation>
    </message>
    <message>
        <source>{n} records (newest first)</source>
        <translation type="unfinished">{n} 件（新しい順）</translation>
    </message>
    <message>
        <source>Evidence images are kept only for open referrals, at most {h} h; deciding a referral deletes its images.</source>
        <translation type="unfinished">証拠画像は未処理の照会についてのみ最長 {h} 時間保存され、照会を処理すると削除されます。</translation>
    </message>
    <message>
        <source>No evidence images are kept (storage.keep_referral_evidence / retention 0).</source>
        <translation type="unfinished">証拠画像は保存されません（storage.keep_referral_evidence / 保存期間 0）。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished">更新</translation>
    </message>
    <message>
        <source>Purge expired now</source>
        <translation type="unfinished">期限切れを今すぐ削除</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation type="unfinished">照会</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished">種類</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished">バイト</translation>
    </message>
    <message>
        <source>Expires (UTC)</source>
        <translation type="unfinished">期限（UTC）</translation>
    </message>
    <message>
        <source>{n} images retained for {k} referrals, {b} kB</source>
        <translation type="unfinished">{k} 件の照会に {n} 枚の画像を保存中、{b} kB</translation>
    </message>
    <message>
        <source>Released</source>
        <translation type="unfinished">通過許可済み</translation>
    </message>
    <message>
        <source>Sent to inspection</source>
        <translation type="unfinished">検査へ回しました</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished">拒否しました</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished">サインアウト</translation>
    </message>
    <message>
        <source>Back to lane</source>
        <translation type="unfinished">レーンに戻る</translation>
    </message>
    <message>
        <source>Lanes</source>
        <translation type="unfinished">レーン</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation type="unfinished">照会</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished">監査</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation type="unfinished">勤務報告</translation>
    </message>
    <message>
        <source>Retained evidence</source>
        <translation type="unfinished">保存中の証拠</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished">アカウント</translation>
    </message>
    <message>
        <source>Enter your officer ID and PIN</source>
        <translation type="unfinished">職員IDとPINを入力してください</translation>
    </message>
    <message>
        <source>Locked: too many wrong PINs. Try again after {t} UTC or ask a supervisor.</source>
        <translation type="unfinished">ロックされました：PINの誤りが多すぎます。UTC {t} 以降に再試行するか、監督者に連絡してください。</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN ({n} attempts left)</source>
        <translation type="unfinished">職員IDまたはPINが違います（残り {n} 回）</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN</source>
        <translation type="unfinished">職員IDまたはPINが違います</translation>
    </message>
    <message>
        <source>This account is disabled</source>
        <translation type="unfinished">このアカウントは無効です</translation>
    </message>
    <message>
        <source>Sign-in failed: {e}</source>
        <translation type="unfinished">サインインに失敗しました：{e}</translation>
    </message>
    <message>
        <source>Signed out after inactivity</source>
        <translation type="unfinished">操作がなかったためサインアウトしました</translation>
    </message>
    <message>
        <source>sign-out in {s} s</source>
        <translation type="unfinished">あと {s} 秒でサインアウト</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation type="unfinished">権限がありません</translation>
    </message>
    <message>
        <source>Referrals ({n})</source>
        <translation type="unfinished">照会（{n}）</translation>
    </message>
    <message>
        <source>Lanes not reachable: {e}</source>
        <translation type="unfinished">レーンに接続できません：{e}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished">送信中…</translation>
    </message>
    <message>
        <source>gate: {g}</source>
        <translation type="unfinished">ゲート：{g}</translation>
    </message>
    <message>
        <source>Not done: {e}</source>
        <translation type="unfinished">実行されませんでした：{e}</translation>
    </message>
    <message>
        <source>{lane}: {c}…</source>
        <translation type="unfinished">{lane}：{c}…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished">検索中…</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished">計算中…</translation>
    </message>
    <message>
        <source>{n} expired images deleted</source>
        <translation type="unfinished">期限切れの画像を {n} 枚削除しました</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished">保存中…</translation>
    </message>
    <message>
        <source>Created {id}</source>
        <translation type="unfinished">{id} を作成しました</translation>
    </message>
    <message>
        <source>Disabled {id}</source>
        <translation type="unfinished">{id} を無効にしました</translation>
    </message>
    <message>
        <source>Enabled {id}</source>
        <translation type="unfinished">{id} を有効にしました</translation>
    </message>
    <message>
        <source>New PIN set for {id}</source>
        <translation type="unfinished">{id} に新しいPINを設定しました</translation>
    </message>
    <message>
        <source>passport</source>
        <translation type="unfinished">旅券</translation>
    </message>
    <message>
        <source>chip</source>
        <translation type="unfinished">ICチップ</translation>
    </message>
    <message>
        <source>face check</source>
        <translation type="unfinished">顔認証</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation type="unfinished">体温</translation>
    </message>
    <message>
        <source>declaration</source>
        <translation type="unfinished">申告</translation>
    </message>
    <message>
        <source>decision</source>
        <translation type="unfinished">判定</translation>
    </message>
    <message>
        <source>gate</source>
        <translation type="unfinished">ゲート</translation>
    </message>
    <message>
        <source>Open gate</source>
        <translation type="unfinished">ゲートを開く</translation>
    </message>
    <message>
        <source>Reset gate</source>
        <translation type="unfinished">ゲートをリセット</translation>
    </message>
    <message>
        <source>Take out of service</source>
        <translation type="unfinished">運用停止</translation>
    </message>
    <message>
        <source>status: {s}</source>
        <translation type="unfinished">状態：{s}</translation>
    </message>
    <message>
        <source>traveller at: {s}</source>
        <translation type="unfinished">旅客の手順：{s}</translation>
    </message>
    <message>
        <source>{n} waiting for an officer</source>
        <translation type="unfinished">{n} 人が職員を待っています</translation>
    </message>
    <message>
        <source>Put in service</source>
        <translation type="unfinished">運用開始</translation>
    </message>
    <message>
        <source>{n} lanes · {k} need attention</source>
        <translation type="unfinished">{n} レーン · 要対応 {k}</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation type="unfinished">集計</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished">CSVを書き出す</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation type="unfinished">PDFを書き出す</translation>
    </message>
    <message>
        <source>Shift from</source>
        <translation type="unfinished">勤務開始</translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished">まで</translation>
    </message>
    <message>
        <source>Throughput per hour</source>
        <translation type="unfinished">1時間あたりの処理人数</translation>
    </message>
    <message>
        <source>Referral rate by reason (%)</source>
        <translation type="unfinished">理由別の照会率（%）</translation>
    </message>
    <message>
        <source>Face match score distribution</source>
        <translation type="unfinished">顔照合スコアの分布</translation>
    </message>
    <message>
        <source>{start} – {end} UTC · lanes {lanes} · {n} travellers · {c} cleared · {k} referred ({rate:.1%}) · lane time mean {mean}, 95th percentile {p95} · decisions {d}</source>
        <translation type="unfinished">{start} – {end} UTC · レーン {lanes} · 旅客 {n} 人 · 通過 {c} 人 · 照会 {k} 人（{rate:.1%}） · 平均所要時間 {mean}、95パーセンタイル {p95} · 判断 {d} 件</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation type="unfinished">通過</translation>
    </message>
    <message>
        <source>referred</source>
        <translation type="unfinished">照会</translation>
    </message>
    <message>
        <source>referral rate %</source>
        <translation type="unfinished">照会率 %</translation>
    </message>
    <message>
        <source>below threshold</source>
        <translation type="unfinished">しきい値未満</translation>
    </message>
    <message>
        <source>at or above threshold</source>
        <translation type="unfinished">しきい値以上</translation>
    </message>
    <message>
        <source>Export shift report</source>
        <translation type="unfinished">勤務報告を書き出す</translation>
    </message>
    <message>
        <source>Export failed: {e}</source>
        <translation type="unfinished">書き出しに失敗しました：{e}</translation>
    </message>
    <message>
        <source>Exported {p}</source>
        <translation type="unfinished">{p} に書き出しました</translation>
    </message>
    <message>
        <source>Officer sign-in</source>
        <translation type="unfinished">職員サインイン</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished">サインイン</translation>
    </message>
    <message>
        <source>In service</source>
        <translation type="unfinished">運用中</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished">使用中</translation>
    </message>
    <message>
        <source>Waiting for an officer</source>
        <translation type="unfinished">職員待ち</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation type="unfinished">運用停止</translation>
    </message>
    <message>
        <source>Device fault</source>
        <translation type="unfinished">機器故障</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation type="unfinished">緊急</translation>
    </message>
</context>
</TS>
