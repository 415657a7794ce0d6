<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Reading the chip… keep the passport still</source>
        <translation type="unfinished">칩을 읽는 중… 여권을 움직이지 마세요</translation>
    </message>
    <message>
        <source>Please place the passport again, photo page down</source>
        <translation type="unfinished">여권을 사진 면이 아래로 향하게 다시 놓아 주세요</translation>
    </message>
    <message>
        <source>Reading the chip again… keep the passport still</source>
        <translation type="unfinished">칩을 다시 읽는 중… 여권을 움직이지 마세요</translation>
    </message>
    <message>
        <source>Let&apos;s try again: look at the camera</source>
        <translation type="unfinished">다시 해 보겠습니다: 카메라를 보세요</translation>
    </message>
    <message>
        <source>Measuring again… please stay on the mark</source>
        <translation type="unfinished">다시 측정 중… 표시 위에 서 계세요</translation>
    </message>
    <message>
        <source>Please scan the QR code again</source>
        <translation type="unfinished">QR 코드를 다시 스캔해 주세요</translation>
    </message>
    <message>
        <source>Please walk through the gate now</source>
        <translation type="unfinished">지금 게이트를 통과해 주세요</translation>
    </message>
    <message>
        <source>Please come a little closer</source>
        <translation type="unfinished">조금 더 가까이 오세요</translation>
    </message>
    <message>
        <source>Please step back a little</source>
        <translation type="unfinished">조금 뒤로 물러나 주세요</translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation type="unfinished">카메라를 보세요</translation>
    </message>
    <message>
        <source>Hold still…</source>
        <translation type="unfinished">움직이지 마세요…</translation>
    </message>
    <message>
        <source>Please face the light</source>
        <translation type="unfinished">빛을 향해 서 주세요</translation>
    </message>
    <message>
        <source>Too bright: please step out of the direct light</source>
        <translation type="unfinished">너무 밝습니다: 직사광선을 피해 주세요</translation>
    </message>
    <message>
        <source>Only one person at a time, please</source>
        <translation type="unfinished">한 번에 한 사람씩 이용해 주세요</translation>
    </message>
    <message>
        <source>Please remove your glasses</source>
        <translation type="unfinished">안경을 벗어 주세요</translation>
    </message>
    <message>
        <source>Please remove your mask</source>
        <translation type="unfinished">마스크를 벗어 주세요</translation>
    </message>
    <message>
        <source>Please stand on the mark and look at the camera</source>
        <translation type="unfinished">표시 위에 서서 카메라를 보세요</translation>
    </message>
    <message>
        <source>Place your passport on the reader, photo page down</source>
        <translation type="unfinished">여권을 사진 면이 아래로 향하게 리더기에 놓아 주세요</translation>
    </message>
    <message>
        <source>Keep the passport still on the reader</source>
        <translation type="unfinished">여권을 리더기 위에 움직이지 않게 두세요</translation>
    </message>
    <message>
        <source>Stand on the mark and look at the camera</source>
        <translation type="unfinished">표시 위에 서서 카메라를 보세요</translation>
    </message>
    <message>
        <source>Stay on the mark for a moment</source>
        <translation type="unfinished">잠시 표시 위에 서 계세요</translation>
    </message>
    <message>
        <source>Scan the QR code of your e-declaration, or fill it in here</source>
        <translation type="unfinished">전자 신고서의 QR 코드를 스캔하거나 여기에서 작성하세요</translation>
    </message>
    <message>
        <source>Answer each question, then check your answers</source>
        <translation type="unfinished">각 질문에 답한 후 답변을 확인하세요</translation>
    </message>
    <message>
        <source>The gate is open. Have a good journey.</source>
        <translation type="unfinished">게이트가 열렸습니다. 즐거운 여행 되세요.</translation>
    </message>
    <message>
        <source>An officer will help you in a moment. Please wait here.</source>
        <translation type="unfinished">곧 직원이 도와드립니다. 여기에서 기다려 주세요.</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen to continue.</source>
        <translation type="unfinished">아직 계신가요? 계속하려면 화면을 터치하세요.</translation>
    </message>
    <message>
        <source>This is a routine health check. Please wait here for the officer.</source>
        <translation type="unfinished">일상적인 건강 확인입니다. 여기에서 직원을 기다려 주세요.</translation>
    </message>
    <message>
        <source>Please take your baggage to the officer for your declaration.</source>
        <translation type="unfinished">신고를 위해 수하물을 가지고 직원에게 가 주세요.</translation>
    </message>
    <message>
        <source>Please keep your passport in your hand for the officer.</source>
        <translation type="unfinished">직원 확인을 위해 여권을 손에 들고 계세요.</translation>
    </message>
    <message>
        <source>The officer will check your photo with you.</source>
        <translation type="unfinished">직원이 함께 사진을 확인할 것입니다.</translation>
    </message>
    <message>
        <source>Please wait at the gate for the officer.</source>
        <translation type="unfinished">게이트에서 직원을 기다려 주세요.</translation>
    </message>
    <message>
        <source>Please wait here.</source>
        <translation type="unfinished">여기에서 기다려 주세요.</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation type="unfinished">{total}단계 중 {n}단계</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation type="unfinished">안녕하세요, {name} 님</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished">환영합니다</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation type="unfinished">직원</translation>
    </message>
    <message>
        <source>This lane is closed. Please use another lane.</source>
        <translation type="unfinished">이 레인은 닫혀 있습니다. 다른 레인을 이용해 주세요.</translation>
    </message>
    <message>
        <source>Customs declaration</source>
        <translation type="unfinished">세관 신고</translation>
    </message>
    <message>
        <source>Fill in on screen</source>
        <translation type="unfinished">화면에서 작성</translation>
    </message>
    <message>
        <source>Please proceed</source>
        <translation type="unfinished">통과하세요</translation>
    </message>
    <message>
        <source>Please see an officer</source>
        <translation type="unfinished">직원을 기다려 주세요</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation type="unfinished">아직 계신가요?</translation>
    </message>
    <message>
        <source>Touch the screen to continue.</source>
        <translation type="unfinished">계속하려면 화면을 터치하세요.</translation>
    </message>
    <message>
        <source>I am still here</source>
        <translation type="unfinished">아직 있어요</translation>
    </message>
    <message>
        <source>Aa  Large text</source>
        <translation type="unfinished">Aa  큰 글씨</translation>
    </message>
    <message>
        <source>Lower controls</source>
        <translation type="unfinished">조작부 아래로</translation>
    </message>
    <message>
        <source>Change answers</source>
        <translation type="unfinished">답변 수정</translation>
    </message>
    <message>
        <source>Check my answers</source>
        <translation type="unfinished">답변 확인</translation>
    </message>
    <message>
        <source>Submit declaration</source>
        <translation type="unfinished">신고서 제출</translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished">아니요</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished">예</translation>
    </message>
    <message>
        <source>Do you have anything to declare?</source>
        <translation type="unfinished">신고할 물품이 있습니까?</translation>
    </message>
    <message>
        <source>Please check your answers</source>
        <translation type="unfinished">답변을 확인해 주세요</translation>
    </message>
    <message>
        <source>You declare goods: an officer will see you.</source>
        <translation type="unfinished">신고할 물품이 있습니다: 직원이 응대합니다.</translation>
    </message>
    <message>
        <source>You have nothing to declare.</source>
        <translation type="unfinished">신고할 물품이 없습니다.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished">PIN</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation type="unfinished">통과 허가(게이트 열기)</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished">거부</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished">닫기</translation>
    </message>
    <message>
        <source>Reset gate alarm</source>
        <translation type="unfinished">게이트 경보 재설정</translation>
    </message>
    <message>
        <source>Lane in/out of service</source>
        <translation type="unfinished">레인 운영/중지</translation>
    </message>
    <message>
        <source>Reading your passport</source>
        <translation type="unfinished">여권을 읽는 중</translation>
    </message>
    <message>
        <source>Keep the passport on the reader, photo page down</source>
        <translation type="unfinished">여권을 사진 면이 아래로 향하게 리더기 위에 두세요</translation>
    </message>
    <message>
        <source>Reading the chip</source>
        <translation type="unfinished">칩을 읽는 중</translation>
    </message>
    <message>
        <source>Face check</source>
        <translation type="unfinished">얼굴 확인</translation>
    </message>
    <message>
        <source>Temperature check</source>
        <translation type="unfinished">체온 확인</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished">확인 중…</translation>
    </message>
    <message>
        <source>One moment, please</source>
        <translation type="unfinished">잠시만 기다려 주세요</translation>
    </message>
    <message>
        <source>Walk through the gate now</source>
        <translation type="unfinished">지금 게이트를 통과하세요</translation>
    </message>
    <message>
        <source>Locked: too many wrong PINs</source>
        <translation type="unfinished">잠김: PIN 오류 횟수 초과</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation type="unfinished">PIN이 틀렸습니다</translation>
    </message>
</context>
</TS>
