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
        <source>PIN</source>
        <translation type="unfinished">ПИН-код</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation type="unfinished">Пропустить (открыть турникет)</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished">Отказать</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished">Закрыть</translation>
    </message>
    <message>
        <source>Reset gate alarm</source>
        <translation type="unfinished">Сбросить тревогу турникета</translation>
    </message>
    <message>
        <source>Lane in/out of service</source>
        <translation type="unfinished">Проход в работе / не в работе</translation>
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
        <source>Locked: too many wrong PINs</source>
        <translation type="unfinished">Заблокировано: слишком много неверных ПИН-кодов</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation type="unfinished">Неверный ПИН-код</translation>
    </message>
</context>
</TS>
