<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Reading the chip… keep the passport still</source>
        <translation type="unfinished">Чтение чипа… не двигайте паспорт</translation>
    </message>
    <message>
        <source>Please place the passport again, photo page down</source>
        <translation type="unfinished">Положите паспорт ещё раз, страницей с фото вниз</translation>
    </message>
    <message>
        <source>Reading the chip again… keep the passport still</source>
        <translation type="unfinished">Повторное чтение чипа… не двигайте паспорт</translation>
    </message>
    <message>
        <source>Let&apos;s try again: look at the camera</source>
        <translation type="unfinished">Попробуем ещё раз: посмотрите в камеру</translation>
    </message>
    <message>
        <source>Measuring again… please stay on the mark</source>
        <translation type="unfinished">Повторное измерение… оставайтесь на отметке</translation>
    </message>
    <message>
        <source>Please scan the QR code again</source>
        <translation type="unfinished">Отсканируйте QR-код ещё раз</translation>
    </message>
    <message>
        <source>Please walk through the gate now</source>
        <translation type="unfinished">Пройдите через турникет</translation>
    </message>
    <message>
        <source>Please come a little closer</source>
        <translation type="unfinished">Подойдите чуть ближе</translation>
    </message>
    <message>
        <source>Please step back a little</source>
        <translation type="unfinished">Отойдите немного назад</translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation type="unfinished">Посмотрите в камеру</translation>
    </message>
    <message>
        <source>Hold still…</source>
        <translation type="unfinished">Не двигайтесь…</translation>
    </message>
    <message>
        <source>Please face the light</source>
        <translation type="unfinished">Повернитесь к свету</translation>
    </message>
    <message>
        <source>Too bright: please step out of the direct light</source>
        <translation type="unfinished">Слишком светло: отойдите от прямого света</translation>
    </message>
    <message>
        <source>Only one person at a time, please</source>
        <translation type="unfinished">Пожалуйста, по одному</translation>
    </message>
    <message>
        <source>Please remove your glasses</source>
        <translation type="unfinished">Снимите, пожалуйста, очки</translation>
    </message>
    <message>
        <source>Please remove your mask</source>
        <translation type="unfinished">Снимите, пожалуйста, маску</translation>
    </message>
    <message>
        <source>Please stand on the mark and look at the camera</source>
        <translation type="unfinished">Встаньте на отметку и посмотрите в камеру</translation>
    </message>
    <message>
        <source>Place your passport on the reader, photo page down</source>
        <translation type="unfinished">Положите паспорт на считыватель страницей с фото вниз</translation>
    </message>
    <message>
        <source>Keep the passport still on the reader</source>
        <translation type="unfinished">Не двигайте паспорт на считывателе</translation>
    </message>
    <message>
        <source>Stand on the mark and look at the camera</source>
        <translation type="unfinished">Встаньте на отметку и смотрите в камеру</translation>
    </message>
    <message>
        <source>Stay on the mark for a moment</source>
        <translation type="unfinished">Постойте немного на отметке</translation>
    </message>
    <message>
        <source>Scan the QR code of your e-declaration, or fill it in here</source>
        <translation type="unfinished">Отсканируйте QR-код электронной декларации или заполните её здесь</translation>
    </message>
    <message>
        <source>Answer each question, then check your answers</source>
        <translation type="unfinished">Ответьте на каждый вопрос, затем проверьте ответы</translation>
    </message>
    <message>
        <source>The gate is open. Have a good journey.</source>
        <translation type="unfinished">Турникет открыт. Счастливого пути.</translation>
    </message>
    <message>
        <source>An officer will help you in a moment. Please wait here.</source>
        <translation type="unfinished">Сотрудник сейчас вам поможет. Пожалуйста, подождите здесь.</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen to continue.</source>
        <translation type="unfinished">Вы ещё здесь? Коснитесь экрана, чтобы продолжить.</translation>
    </message>
    <message>
        <source>This is a routine health check. Please wait here for the officer.</source>
        <translation type="unfinished">Это обычная проверка здоровья. Подождите здесь сотрудника.</translation>
    </message>
    <message>
        <source>Please take your baggage to the officer for your declaration.</source>
        <translation type="unfinished">Подойдите с багажом к сотруднику для декларирования.</translation>
    </message>
    <message>
        <source>Please keep your passport in your hand for the officer.</source>
        <translation type="unfinished">Держите паспорт в руке для сотрудника.</translation>
    </message>
    <message>
        <source>The officer will check your photo with you.</source>
        <translation type="unfinished">Сотрудник вместе с вами проверит фотографию.</translation>
    </message>
    <message>
        <source>Please wait at the gate for the officer.</source>
        <translation type="unfinished">Подождите сотрудника у турникета.</translation>
    </message>
    <message>
        <source>Please wait here.</source>
        <translation type="unfinished">Пожалуйста, подождите здесь.</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation type="unfinished">Шаг {n} из {total}</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation type="unfinished">Здравствуйте, {name}</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished">Добро пожаловать</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation type="unfinished">Сотрудник</translation>
    </message>
    <message>
        <source>This lane is closed. Please use another lane.</source>
        <translation type="unfinished">Этот проход закрыт. Воспользуйтесь другим.</translation>
    </message>
    <message>
        <source>Customs declaration</source>
        <translation type="unfinished">Таможенная декларация</translation>
    </message>
    <message>
        <source>Fill in on screen</source>
        <translation type="unfinished">Заполнить на экране</translation>
    </message>
    <message>
        <source>Please proceed</source>
        <translation type="unfinished">Проходите</translation>
    </message>
    <message>
        <source>Please see an officer</source>
        <translation type="unfinished">Обратитесь к сотруднику</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation type="unfinished">Вы ещё здесь?</translation>
    </message>
    <message>
        <source>Touch the screen to continue.</source>
        <translation type="unfinished">Коснитесь экрана, чтобы продолжить.</translation>
    </message>
    <message>
        <source>I am still here</source>
        <translation type="unfinished">Я здесь</translation>
    </message>
    <message>
        <source>Aa  Large text</source>
        <translation type="unfinished">Aa  Крупный текст</translation>
    </message>
    <message>
        <source>Lower controls</source>
        <translation type="unfinished">Кнопки ниже</translation>
    </message>
    <message>
        <source>Change answers</source>
        <translation type="unfinished">Изменить ответы</translation>
    </message>
    <message>
        <source>Check my answers</source>
        <translation type="unfinished">Проверить ответы</translation>
    </message>
    <message>
        <source>Submit declaration</source>
        <translation type="unfinished">Отправить декларацию</translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished">Нет</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished">Да</translation>
    </message>
    <message>
        <source>Do you have anything to declare?</source>
        <translation type="unfinished">Есть ли у вас что декларировать?</translation>
    </message>
    <message>
        <source>Please check your answers</source>
        <translation type="unfinished">Проверьте ваши ответы</translation>
    </message>
    <message>
        <source>You declare goods: an officer will see you.</source>
        <translation type="unfinished">Вы декларируете товары: вас примет сотрудник.</translation>
    </message>
    <message>
        <source>You have nothing to declare.</source>
        <translation type="unfinished">Вам нечего декларировать.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished">ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">Имя</translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished">Роль</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">Статус</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished">Ошибки</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished">Отключить</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation type="unfinished">Новый PIN</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation type="unfinished">Сбросить PIN</translation>
    </message>
    <message>
        <source>New account</source>
        <translation type="unfinished">Новая учётная запись</translation>
    </message>
    <message>
        <source>Officer ID</source>
        <translation type="unfinished">ID сотрудника</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished">ПИН-код</translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished">Создать</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished">отключена</translation>
    </message>
    <message>
        <source>locked</source>
        <translation type="unfinished">заблокирована</translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished">активна</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished">Включить</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation type="unfinished">Пропустить (открыть турникет)</translation>
    </message>
    <message>
        <source>Send to inspection (red channel)</source>
        <translation type="unfinished">Направить на досмотр (красный коридор)</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished">Отказать</translation>
    </message>
    <message>
        <source>Surname</source>
        <translation type="unfinished">Фамилия</translation>
    </message>
    <message>
        <source>Given names</source>
        <translation type="unfinished">Имя</translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished">Документ</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">Тип</translation>
    </message>
    <message>
        <source>Issuing state</source>
        <translation type="unfinished">Государство выдачи</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation type="unfinished">Гражданство</translation>
    </message>
    <message>
        <source>Born (YYMMDD)</source>
        <translation type="unfinished">Дата рождения (ГГММДД)</translation>
    </message>
    <message>
        <source>Expires (YYMMDD)</source>
        <translation type="unfinished">Действителен до (ГГММДД)</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished">Пол</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished">Просрочен</translation>
    </message>
    <message>
        <source>Chip portrait (DG2)</source>
        <translation type="unfinished">Фото из чипа (DG2)</translation>
    </message>
    <message>
        <source>Live capture</source>
        <translation type="unfinished">Снимок с камеры</translation>
    </message>
    <message>
        <source>no image retained</source>
        <translation type="unfinished">изображение не сохранено</translation>
    </message>
    <message>
        <source>Chip verification</source>
        <translation type="unfinished">Проверка чипа</translation>
    </message>
    <message>
        <source>MRZ / DG1</source>
        <translation type="unfinished">MRZ / DG1</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished">Температура</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation type="unfinished">Декларация</translation>
    </message>
    <message>
        <source>No referral selected</source>
        <translation type="unfinished">Направление не выбрано</translation>
    </message>
    <message>
        <source>Lane {lane} · referred {t}</source>
        <translation type="unfinished">Полоса {lane} · направлен в {t}</translation>
    </message>
    <message>
        <source>image unreadable</source>
        <translation type="unfinished">изображение не читается</translation>
    </message>
    <message>
        <source>match</source>
        <translation type="unfinished">совпадение</translation>
    </message>
    <message>
        <source>NO MATCH</source>
        <translation type="unfinished">НЕ СОВПАДАЕТ</translation>
    </message>
    <message>
        <source>Face match {s} · threshold {t} · {v} · faces in view {n}</source>
        <translation type="unfinished">Сравнение лица {s} · порог {t} · {v} · лиц в кадре {n}</translation>
    </message>
    <message>
        <source>Liveness: {v}</source>
        <translation type="unfinished">Проверка живости: {v}</translation>
    </message>
    <message>
        <source>Face: not checked</source>
        <translation type="unfinished">Лицо: не проверено</translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished">Доступ</translation>
    </message>
    <message>
        <source>Passive authentication</source>
        <translation type="unfinished">Пассивная аутентификация</translation>
    </message>
    <message>
        <source>Active authentication</source>
        <translation type="unfinished">Активная аутентификация</translation>
    </message>
    <message>
        <source>Chip authentication</source>
        <translation type="unfinished">Аутентификация чипа</translation>
    </message>
    <message>
        <source>DG1 = MRZ</source>
        <translation type="unfinished">DG1 = MRZ</translation>
    </message>
    <message>
        <source>chip not read</source>
        <translation type="unfinished">чип не прочитан</translation>
    </message>
    <message>
        <source>no document</source>
        <translation type="unfinished">нет документа</translation>
    </message>
    <message>
        <source>Core estimate °C</source>
        <translation type="unfinished">Оценка внутренней температуры °C</translation>
    </message>
    <message>
        <source>Threshold °C</source>
        <translation type="unfinished">Порог °C</translation>
    </message>
    <message>
        <source>Readings °C</source>
        <translation type="unfinished">Измерения °C</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished">Подробности</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation type="unfinished">не измерено</translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished">Источник</translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished">Товары</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation type="unfinished">Причины</translation>
    </message>
    <message>
        <source>no declaration</source>
        <translation type="unfinished">нет декларации</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation type="unfinished">Примечание (необязательно)</translation>
    </message>
    <message>
        <source>Confirm decision</source>
        <translation type="unfinished">Подтвердить решение</translation>
    </message>
    <message>
        <source>Reading your passport</source>
        <translation type="unfinished">Чтение паспорта</translation>
    </message>
    <message>
        <source>Keep the passport on the reader, photo page down</source>
        <translation type="unfinished">Держите паспорт на считывателе страницей с фото вниз</translation>
    </message>
    <message>
        <source>Reading the chip</source>
        <translation type="unfinished">Чтение чипа</translation>
    </message>
    <message>
        <source>Face check</source>
        <translation type="unfinished">Проверка лица</translation>
    </message>
    <message>
        <source>Temperature check</source>
        <translation type="unfinished">Измерение температуры</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished">Проверка…</translation>
    </message>
    <message>
        <source>One moment, please</source>
        <translation type="unfinished">Минутку, пожалуйста</translation>
    </message>
    <message>
        <source>Walk through the gate now</source>
        <translation type="unfinished">Проходите через турникет</translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished">С</translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished">По</translation>
    </message>
    <message>
        <source>all lanes</source>
        <translation type="unfinished">все полосы</translation>
    </message>
    <message>
        <source>Document: STATE:NUMBER or stored reference</source>
        <translation type="unfinished">Документ: СТРАНА:НОМЕР или сохранённая ссылка</translation>
    </message>
    <message>
        <source>Action (prefix, e.g. referral.)</source>
        <translation type="unfinished">Действие (префикс, напр. referral.)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished">Найти</translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished">№</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished">Время (UTC)</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished">Полоса</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished">Исполнитель</translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished">Действие</translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished">Данные</translation>
    </message>
    <message>
        <source>{n} records (newest first)</source>
        <translation type="unfinished">Записей: {n} (сначала новые)</translation>
    </message>
    <message>
        <source>Evidence images are kept only for open referrals, at most {h} h; deciding a referral deletes its images.</source>
        <translation type="unfinished">Изображения хранятся только для открытых направлений, не более {h} ч; решение по направлению удаляет его изображения.</translation>
    </message>
    <message>
        <source>No evidence images are kept (storage.keep_referral_evidence / retention 0).</source>
        <translation type="unfinished">Изображения не хранятся (storage.keep_referral_evidence / срок хранения 0).</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished">Обновить</translation>
    </message>
    <message>
        <source>Purge expired now</source>
        <translation type="unfinished">Удалить просроченные сейчас</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation type="unfinished">Направление</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished">Вид</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished">Байт</translation>
    </message>
    <message>
        <source>Expires (UTC)</source>
        <translation type="unfinished">Истекает (UTC)</translation>
    </message>
    <message>
        <source>{n} images retained for {k} referrals, {b} kB</source>
        <translation type="unfinished">Хранится изображений: {n} для направлений: {k}, {b} кБ</translation>
    </message>
    <message>
        <source>Released</source>
        <translation type="unfinished">Пропущен</translation>
    </message>
    <message>
        <source>Sent to inspection</source>
        <translation type="unfinished">Направлен на досмотр</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished">Отказано</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished">Выйти</translation>
    </message>
    <message>
        <source>Back to lane</source>
        <translation type="unfinished">Вернуться к полосе</translation>
    </message>
    <message>
        <source>Lanes</source>
        <translation type="unfinished">Полосы</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation type="unfinished">Направления</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished">Журнал</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation type="unfinished">Отчёт за смену</translation>
    </message>
    <message>
        <source>Retained evidence</source>
        <translation type="unfinished">Хранимые изображения</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished">Учётные записи</translation>
    </message>
    <message>
        <source>Enter your officer ID and PIN</source>
        <translation type="unfinished">Введите ID сотрудника и PIN</translation>
    </message>
    <message>
        <source>Locked: too many wrong PINs. Try again after {t} UTC or ask a supervisor.</source>
        <translation type="unfinished">Заблокировано: слишком много неверных PIN. Повторите после {t} UTC или обратитесь к старшему.</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN ({n} attempts left)</source>
        <translation type="unfinished">Неизвестный сотрудник или неверный PIN (осталось попыток: {n})</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN</source>
        <translation type="unfinished">Неизвестный сотрудник или неверный PIN</translation>
    </message>
    <message>
        <source>This account is disabled</source>
        <translation type="unfinished">Эта учётная запись отключена</translation>
    </message>
    <message>
        <source>Sign-in failed: {e}</source>
        <translation type="unfinished">Не удалось войти: {e}</translation>
    </message>
    <message>
        <source>Signed out after inactivity</source>
        <translation type="unfinished">Выход после бездействия</translation>
    </message>
    <message>
        <source>sign-out in {s} s</source>
        <translation type="unfinished">выход через {s} с</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation type="unfinished">Нет прав</translation>
    </message>
    <message>
        <source>Referrals ({n})</source>
        <translation type="unfinished">Направления ({n})</translation>
    </message>
    <message>
        <source>Lanes not reachable: {e}</source>
        <translation type="unfinished">Полосы недоступны: {e}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished">Отправка…</translation>
    </message>
    <message>
        <source>gate: {g}</source>
        <translation type="unfinished">турникет: {g}</translation>
    </message>
    <message>
        <source>Not done: {e}</source>
        <translation type="unfinished">Не выполнено: {e}</translation>
    </message>
    <message>
        <source>{lane}: {c}…</source>
        <translation type="unfinished">{lane}: {c}…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished">Поиск…</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished">Расчёт…</translation>
    </message>
    <message>
        <source>{n} expired images deleted</source>
        <translation type="unfinished">Удалено просроченных изображений: {n}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished">Сохранение…</translation>
    </message>
    <message>
        <source>Created {id}</source>
        <translation type="unfinished">Создана {id}</translation>
    </message>
    <message>
        <source>Disabled {id}</source>
        <translation type="unfinished">Отключена {id}</translation>
    </message>
    <message>
        <source>Enabled {id}</source>
        <translation type="unfinished">Включена {id}</translation>
    </message>
    <message>
        <source>New PIN set for {id}</source>
        <translation type="unfinished">Новый PIN для {id} установлен</translation>
    </message>
    <message>
        <source>passport</source>
        <translation type="unfinished">паспорт</translation>
    </message>
    <message>
        <source>chip</source>
        <translation type="unfinished">чип</translation>
    </message>
    <message>
        <source>face check</source>
        <translation type="unfinished">проверка лица</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation type="unfinished">температура</translation>
    </message>
    <message>
        <source>declaration</source>
        <translation type="unfinished">декларация</translation>
    </message>
    <message>
        <source>decision</source>
        <translation type="unfinished">решение</translation>
    </message>
    <message>
        <source>gate</source>
        <translation type="unfinished">турникет</translation>
    </message>
    <message>
        <source>Open gate</source>
        <translation type="unfinished">Открыть турникет</translation>
    </message>
    <message>
        <source>Reset gate</source>
        <translation type="unfinished">Сбросить турникет</translation>
    </message>
    <message>
        <source>Take out of service</source>
        <translation type="unfinished">Вывести из работы</translation>
    </message>
    <message>
        <source>status: {s}</source>
        <translation type="unfinished">статус: {s}</translation>
    </message>
    <message>
        <source>traveller at: {s}</source>
        <translation type="unfinished">этап пассажира: {s}</translation>
    </message>
    <message>
        <source>{n} waiting for an officer</source>
        <translation type="unfinished">ожидают сотрудника: {n}</translation>
    </message>
    <message>
        <source>Put in service</source>
        <translation type="unfinished">Ввести в работу</translation>
    </message>
    <message>
        <source>{n} lanes · {k} need attention</source>
        <translation type="unfinished">Полос: {n} · требуют внимания: {k}</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation type="unfinished">Рассчитать</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished">Экспорт CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation type="unfinished">Экспорт PDF</translation>
    </message>
    <message>
        <source>Shift from</source>
        <translation type="unfinished">Смена с</translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished">по</translation>
    </message>
    <message>
        <source>Throughput per hour</source>
        <translation type="unfinished">Пропускная способность в час</translation>
    </message>
    <message>
        <source>Referral rate by reason (%)</source>
        <translation type="unfinished">Доля направлений по причинам (%)</translation>
    </message>
    <message>
        <source>Face match score distribution</source>
        <translation type="unfinished">Распределение оценок сравнения лица</translation>
    </message>
    <message>
        <source>{start} – {end} UTC · lanes {lanes} · {n} travellers · {c} cleared · {k} referred ({rate:.1%}) · lane time mean {mean}, 95th percentile {p95} · decisions {d}</source>
        <translation type="unfinished">{start} – {end} UTC · полосы {lanes} · пассажиров {n} · пропущено {c} · направлено {k} ({rate:.1%}) · среднее время {mean}, 95-й процентиль {p95} · решений {d}</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation type="unfinished">пропущено</translation>
    </message>
    <message>
        <source>referred</source>
        <translation type="unfinished">направлено</translation>
    </message>
    <message>
        <source>referral rate %</source>
        <translation type="unfinished">доля направлений %</translation>
    </message>
    <message>
        <source>below threshold</source>
        <translation type="unfinished">ниже порога</translation>
    </message>
    <message>
        <source>at or above threshold</source>
        <translation type="unfinished">на пороге или выше</translation>
    </message>
    <message>
        <source>Export shift report</source>
        <translation type="unfinished">Экспорт отчёта за смену</translation>
    </message>
    <message>
        <source>Export failed: {e}</source>
        <translation type="unfinished">Ошибка экспорта: {e}</translation>
    </message>
    <message>
        <source>Exported {p}</source>
        <translation type="unfinished">Экспортировано: {p}</translation>
    </message>
    <message>
        <source>Officer sign-in</source>
        <translation type="unfinished">Вход сотрудника</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished">Войти</translation>
    </message>
    <message>
        <source>In service</source>
        <translation type="unfinished">В работе</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished">Занята</translation>
    </message>
    <message>
        <source>Waiting for an officer</source>
        <translation type="unfinished">Ждёт сотрудника</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation type="unfinished">Не работает</translation>
    </message>
    <message>
        <source>Device fault</source>
        <translation type="unfinished">Неисправность</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation type="unfinished">Аварийный режим</translation>
    </message>
</context>
</TS>
