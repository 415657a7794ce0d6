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
        <source>ID</source>
        <translation type="unfinished">ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">이름</translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished">역할</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">상태</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished">실패 횟수</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished">비활성화</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation type="unfinished">새 PIN</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation type="unfinished">PIN 재설정</translation>
    </message>
    <message>
        <source>New account</source>
        <translation type="unfinished">새 계정</translation>
    </message>
    <message>
        <source>Officer ID</source>
        <translation type="unfinished">직원 ID</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished">PIN</translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished">만들기</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished">비활성</translation>
    </message>
    <message>
        <source>locked</source>
        <translation type="unfinished">잠김</translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished">활성</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished">활성화</translation>
    </message>
    <message>
        <source>Release (open gate)</source>
        <translation type="unfinished">통과 허가(게이트 열기)</translation>
    </message>
    <message>
        <source>Send to inspection (red channel)</source>
        <translation type="unfinished">검사로 보내기 (적색 통로)</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished">거부</translation>
    </message>
    <message>
        <source>Surname</source>
        <translation type="unfinished">성</translation>
    </message>
    <message>
        <source>Given names</source>
        <translation type="unfinished">이름</translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished">여권 번호</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">종류</translation>
    </message>
    <message>
        <source>Issuing state</source>
        <translation type="unfinished">발급국</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation type="unfinished">국적</translation>
    </message>
    <message>
        <source>Born (YYMMDD)</source>
        <translation type="unfinished">생년월일 (YYMMDD)</translation>
    </message>
    <message>
        <source>Expires (YYMMDD)</source>
        <translation type="unfinished">만료일 (YYMMDD)</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished">성별</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished">만료됨</translation>
    </message>
    <message>
        <source>Chip portrait (DG2)</source>
        <translation type="unfinished">칩 사진 (DG2)</translation>
    </message>
    <message>
        <source>Live capture</source>
        <translation type="unfinished">현장 촬영 사진</translation>
    </message>
    <message>
        <source>no image retained</source>
        <translation type="unfinished">보관된 이미지 없음</translation>
    </message>
    <message>
        <source>Chip verification</source>
        <translation type="unfinished">칩 검증</translation>
    </message>
    <message>
        <source>MRZ / DG1</source>
        <translation type="unfinished">MRZ / DG1</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished">체온</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation type="unfinished">신고</translation>
    </message>
    <message>
        <source>No referral selected</source>
        <translation type="unfinished">선택된 인계 건 없음</translation>
    </message>
    <message>
        <source>Lane {lane} · referred {t}</source>
        <translation type="unfinished">레인 {lane} · 인계 시각 {t}</translation>
    </message>
    <message>
        <source>image unreadable</source>
        <translation type="unfinished">이미지를 읽을 수 없음</translation>
    </message>
    <message>
        <source>match</source>
        <translation type="unfinished">일치</translation>
    </message>
    <message>
        <source>NO MATCH</source>
        <translation type="unfinished">불일치</translation>
    </message>
    <message>
        <source>Face match {s} · threshold {t} · {v} · faces in view {n}</source>
        <translation type="unfinished">얼굴 대조 점수 {s} · 기준값 {t} · {v} · 화면 속 얼굴 {n}</translation>
    </message>
    <message>
        <source>Liveness: {v}</source>
        <translation type="unfinished">생체 감지: {v}</translation>
    </message>
    <message>
        <source>Face: not checked</source>
        <translation type="unfinished">얼굴: 대조 안 함</translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished">접근 제어</translation>
    </message>
    <message>
        <source>Passive authentication</source>
        <translation type="unfinished">수동 인증</translation>
    </message>
    <message>
        <source>Active authentication</source>
        <translation type="unfinished">능동 인증</translation>
    </message>
    <message>
        <source>Chip authentication</source>
        <translation type="unfinished">칩 인증</translation>
    </message>
    <message>
        <source>DG1 = MRZ</source>
        <translation type="unfinished">DG1 = MRZ</translation>
    </message>
    <message>
        <source>chip not read</source>
        <translation type="unfinished">칩 미판독</translation>
    </message>
    <message>
        <source>no document</source>
        <translation type="unfinished">여권 정보 없음</translation>
    </message>
    <message>
        <source>Core estimate °C</source>
        <translation type="unfinished">심부 체온 추정 °C</translation>
    </message>
    <message>
        <source>Threshold °C</source>
        <translation type="unfinished">기준값 °C</translation>
    </message>
    <message>
        <source>Readings °C</source>
        <translation type="unfinished">측정값 °C</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished">세부 정보</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation type="unfinished">측정 안 함</translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished">출처</translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished">물품</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation type="unfinished">사유</translation>
    </message>
    <message>
        <source>no declaration</source>
        <translation type="unfinished">신고 없음</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation type="unfinished">메모 (선택)</translation>
    </message>
    <message>
        <source>Confirm decision</source>
        <translation type="unfinished">결정 확인</translation>
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
        <source>From</source>
        <translation type="unfinished">시작</translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished">종료</translation>
    </message>
    <message>
        <source>all lanes</source>
        <translation type="unfinished">모든 레인</translation>
    </message>
    <message>
        <source>Document: STATE:NUMBER or stored reference</source>
        <translation type="unfinished">여권: 국가:번호 또는 저장된 참조</translation>
    </message>
    <message>
        <source>Action (prefix, e.g. referral.)</source>
        <translation type="unfinished">작업 (접두어, 예: referral.)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished">검색</translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished">번호</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished">시각 (UTC)</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation type="unfinished">레인</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished">수행자</translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished">작업</translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished">데이터</translation>
    </message>
    <message>
        <source>{n} records (newest first)</source>
        <translation type="unfinished">{n}건 (최신순)</translation>
    </message>
    <message>
        <source>Evidence images are kept only for open referrals, at most {h} h; deciding a referral deletes its images.</source>
        <translation type="unfinished">증거 이미지는 처리되지 않은 인계 건에 대해서만 최대 {h}시간 보관되며, 인계 건을 처리하면 삭제됩니다.</translation>
    </message>
    <message>
        <source>No evidence images are kept (storage.keep_referral_evidence / retention 0).</source>
        <translation type="unfinished">증거 이미지를 보관하지 않습니다 (storage.keep_referral_evidence / 보관 기간 0).</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished">새로 고침</translation>
    </message>
    <message>
        <source>Purge expired now</source>
        <translation type="unfinished">만료된 이미지 지금 삭제</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation type="unfinished">인계</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished">종류</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished">바이트</translation>
    </message>
    <message>
        <source>Expires (UTC)</source>
        <translation type="unfinished">만료 (UTC)</translation>
    </message>
    <message>
        <source>{n} images retained for {k} referrals, {b} kB</source>
        <translation type="unfinished">인계 {k}건에 이미지 {n}개 보관 중, {b} kB</translation>
    </message>
    <message>
        <source>Released</source>
        <translation type="unfinished">통과 허가됨</translation>
    </message>
    <message>
        <source>Sent to inspection</source>
        <translation type="unfinished">검사로 보냄</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished">거부됨</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished">로그아웃</translation>
    </message>
    <message>
        <source>Back to lane</source>
        <translation type="unfinished">레인으로 돌아가기</translation>
    </message>
    <message>
        <source>Lanes</source>
        <translation type="unfinished">레인</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation type="unfinished">인계</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished">감사</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation type="unfinished">근무 보고서</translation>
    </message>
    <message>
        <source>Retained evidence</source>
        <translation type="unfinished">보관 중인 증거</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished">계정</translation>
    </message>
    <message>
        <source>Enter your officer ID and PIN</source>
        <translation type="unfinished">직원 ID와 PIN을 입력하세요</translation>
    </message>
    <message>
        <source>Locked: too many wrong PINs. Try again after {t} UTC or ask a supervisor.</source>
        <translation type="unfinished">잠김: PIN 오류가 너무 많습니다. UTC {t} 이후에 다시 시도하거나 감독자에게 문의하세요.</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN ({n} attempts left)</source>
        <translation type="unfinished">알 수 없는 직원이거나 PIN이 틀렸습니다 ({n}회 남음)</translation>
    </message>
    <message>
        <source>Unknown officer or wrong PIN</source>
        <translation type="unfinished">알 수 없는 직원이거나 PIN이 틀렸습니다</translation>
    </message>
    <message>
        <source>This account is disabled</source>
        <translation type="unfinished">이 계정은 비활성화되었습니다</translation>
    </message>
    <message>
        <source>Sign-in failed: {e}</source>
        <translation type="unfinished">로그인 실패: {e}</translation>
    </message>
    <message>
        <source>Signed out after inactivity</source>
        <translation type="unfinished">입력이 없어 로그아웃되었습니다</translation>
    </message>
    <message>
        <source>sign-out in {s} s</source>
        <translation type="unfinished">{s}초 후 로그아웃</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation type="unfinished">권한 없음</translation>
    </message>
    <message>
        <source>Referrals ({n})</source>
        <translation type="unfinished">인계 ({n})</translation>
    </message>
    <message>
        <source>Lanes not reachable: {e}</source>
        <translation type="unfinished">레인에 연결할 수 없음: {e}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished">보내는 중…</translation>
    </message>
    <message>
        <source>gate: {g}</source>
        <translation type="unfinished">게이트: {g}</translation>
    </message>
    <message>
        <source>Not done: {e}</source>
        <translation type="unfinished">실행되지 않음: {e}</translation>
    </message>
    <message>
        <source>{lane}: {c}…</source>
        <translation type="unfinished">{lane}: {c}…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished">검색 중…</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished">계산 중…</translation>
    </message>
    <message>
        <source>{n} expired images deleted</source>
        <translation type="unfinished">만료된 이미지 {n}개 삭제됨</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished">저장 중…</translation>
    </message>
    <message>
        <source>Created {id}</source>
        <translation type="unfinished">{id} 생성됨</translation>
    </message>
    <message>
        <source>Disabled {id}</source>
        <translation type="unfinished">{id} 비활성화됨</translation>
    </message>
    <message>
        <source>Enabled {id}</source>
        <translation type="unfinished">{id} 활성화됨</translation>
    </message>
    <message>
        <source>New PIN set for {id}</source>
        <translation type="unfinished">{id}의 새 PIN 설정됨</translation>
    </message>
    <message>
        <source>passport</source>
        <translation type="unfinished">여권</translation>
    </message>
    <message>
        <source>chip</source>
        <translation type="unfinished">칩</translation>
    </message>
    <message>
        <source>face check</source>
        <translation type="unfinished">얼굴 확인</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation type="unfinished">체온</translation>
    </message>
    <message>
        <source>declaration</source>
        <translation type="unfinished">신고</translation>
    </message>
    <message>
        <source>decision</source>
        <translation type="unfinished">판정</translation>
    </message>
    <message>
        <source>gate</source>
        <translation type="unfinished">게이트</translation>
    </message>
    <message>
        <source>Open gate</source>
        <translation type="unfinished">게이트 열기</translation>
    </message>
    <message>
        <source>Reset gate</source>
        <translation type="unfinished">게이트 재설정</translation>
    </message>
    <message>
        <source>Take out of service</source>
        <translation type="unfinished">운영 중지</translation>
    </message>
    <message>
        <source>status: {s}</source>
        <translation type="unfinished">상태: {s}</translation>
    </message>
    <message>
        <source>traveller at: {s}</source>
        <translation type="unfinished">여행자 단계: {s}</translation>
    </message>
    <message>
        <source>{n} waiting for an officer</source>
        <translation type="unfinished">{n}명 직원 대기 중</translation>
    </message>
    <message>
        <source>Put in service</source>
        <translation type="unfinished">운영 재개</translation>
    </message>
    <message>
        <source>{n} lanes · {k} need attention</source>
        <translation type="unfinished">레인 {n}개 · 조치 필요 {k}개</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation type="unfinished">계산</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished">CSV 내보내기</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation type="unfinished">PDF 내보내기</translation>
    </message>
    <message>
        <source>Shift from</source>
        <translation type="unfinished">근무 시작</translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished">~</translation>
    </message>
    <message>
        <source>Throughput per hour</source>
        <translation type="unfinished">시간당 처리 인원</translation>
    </message>
    <message>
        <source>Referral rate by reason (%)</source>
        <translation type="unfinished">사유별 인계율 (%)</translation>
    </message>
    <message>
        <source>Face match score distribution</source>
        <translation type="unfinished">얼굴 대조 점수 분포</translation>
    </message>
    <message>
        <source>{start} – {end} UTC · lanes {lanes} · {n} travellers · {c} cleared · {k} referred ({rate:.1%}) · lane time mean {mean}, 95th percentile {p95} · decisions {d}</source>
        <translation type="unfinished">{start} – {end} UTC · 레인 {lanes} · 여행자 {n}명 · 통과 {c}명 · 인계 {k}명 ({rate:.1%}) · 평균 소요 시간 {mean}, 95백분위 {p95} · 결정 {d}건</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation type="unfinished">통과</translation>
    </message>
    <message>
        <source>referred</source>
        <translation type="unfinished">인계</translation>
    </message>
    <message>
        <source>referral rate %</source>
        <translation type="unfinished">인계율 %</translation>
    </message>
    <message>
        <source>below threshold</source>
        <translation type="unfinished">기준값 미만</translation>
    </message>
    <message>
        <source>at or above threshold</source>
        <translation type="unfinished">기준값 이상</translation>
    </message>
    <message>
        <source>Export shift report</source>
        <translation type="unfinished">근무 보고서 내보내기</translation>
    </message>
    <message>
        <source>Export failed: {e}</source>
        <translation type="unfinished">내보내기 실패: {e}</translation>
    </message>
    <message>
        <source>Exported {p}</source>
        <translation type="unfinished">{p}(으)로 내보냄</translation>
    </message>
    <message>
        <source>Officer sign-in</source>
        <translation type="unfinished">직원 로그인</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished">로그인</translation>
    </message>
    <message>
        <source>In service</source>
        <translation type="unfinished">운영 중</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished">사용 중</translation>
    </message>
    <message>
        <source>Waiting for an officer</source>
        <translation type="unfinished">직원 대기</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation type="unfinished">운영 중지</translation>
    </message>
    <message>
        <source>Device fault</source>
        <translation type="unfinished">장치 고장</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation type="unfinished">비상</translation>
    </message>
</context>
</TS>
