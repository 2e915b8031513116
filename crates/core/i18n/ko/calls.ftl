# 호출 안의 호출과 챕터(src/components/calls.rs, sequence_view.rs).
calls-open-title = 이 호출을 펼친다: 단계 { $n }개 (Enter)
calls-close-title = 이 호출을 접는다 (Enter)
calls-open = 펼치기 · 안에 단계 { $n }개
calls-close = 접기
calls-close-outer = { $call } 접기
calls-path-label = 이 단계가 속한 호출
calls-top-level = 최상위 호출
calls-step-counter = 단계 { $at } / { $len }
calls-chapters-label = 챕터
calls-chapter-now = 챕터 { $at }/{ $len }: { $title }
calls-chapter-go = { $title } (홉 { $from }–{ $to })
