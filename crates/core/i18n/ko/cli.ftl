# 커맨드라인 자체의 문구(crates/cli): `atlas oci validate`의 마지막 줄.

cli-unknown-document = 알 수 없는 문서
cli-oci-summary = { $name }: { $kind }: 오류 { $errors }개, 경고 { $warnings }개, 참고 { $infos }개
