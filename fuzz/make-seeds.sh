#!/bin/bash
# Writes the seed inputs under fuzz/seeds/PARSER/. Each file is one fuzz input: a control
# byte (see FuzzInput.swift: bits 0-2 chunk size, bits 3-4 reader limits, bit 5 JSON Lines
# for JSON, headerless for CSV) followed by the document.
set -eu
cd "$(dirname "$0")/seeds"
mkdir -p csv json xml xlsx
s() { # dir name control(hex) text(printf escapes)
    { printf "\\x$3"; printf "$4"; } > "$1/$2"
}
# CSV (07 = defaults, one read; 00 = 1-byte reads; 0a = 16-byte buffer, 3-byte reads)
s csv payments-crlf 07 'id,amount,currency,beneficiary_iban,note\r\n1,120.50,EUR,FR7630006000011234567890189,"rent, march"\r\n2,99.00,EUR,DE89370400440532013000,"said ""hi"""\r\n'
s csv payments-crlf-small 08 'id,amount,currency,beneficiary_iban,note\r\n1,120.50,EUR,FR7630006000011234567890189,"rent, march"\r\n2,99.00,EUR,DE89370400440532013000,"said ""hi"""\r\n'
s csv bom-semicolon 00 '\xef\xbb\xbfid;amount;currency\n1;12,50;EUR\n\n2;"3;4";USD\n'
s csv multiline-quote 0a 'id,note\n1,"line one\nline two\r\nline three"\n2,"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"\n3,"abc"x,z\n'
s csv cr-only 12 'a,b\r1,2\r3,4'
s csv blank-lines 01 '\n\r\n\nh\n\n\n1\n\r\n2'
s csv unterminated 11 'a,b\n1,"never closed\n2,3\n'
s csv bad-utf8 07 'a,b\n1,\xc3\x28\n2,\xed\xa0\x80\n'
s csv empty 07 ''
s csv only-bom 00 '\xef\xbb\xbf\r\n\n'
s csv long-record 10 'a\n"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n'
s csv headerless 27 '1,2,3\n4,5,6\n'
# JSON (bit 5, 0x20: JSON Lines)
s json array 07 '[{"id":"1","amount":120.50,"currency":"EUR","bank_details":{"iban":"FR76\\u00e9","bank_name":"BNP"},"tags":["a",1],"paid":true,"memo":null,"x":{}},{"id":"2","amount":-1e-3}]'
s json array-small 0a '[ {"id":"1","amount":1.0E+2,"s":"\\"\\\\\\/\\b\\f\\n\\r\\t\\ud83d\\ude00"} , 7, "x", null ]'
s json trustpair 07 '{"meta":{"v":[1,2]},"data":{"type":"payments","attributes":{"records":[{"iban":"FR76","amount":"10"}]}}}'
s json trustpair-keys-order 01 '{"data":{"attributes":{"records":[{"a":1}]},"type":"x"}}'
s json papaya 07 '{"items":[{"amount":1,"recipient":{"name":"A"}}],"update_payments":true}'
s json papaya-small 0b '\xef\xbb\xbf{"update_payments":false,"items":[{"a":"b"},{}]}'
s json lines 27 '{"id":1,"amount":"2.00"}\n\n{"id":2}\r\nnot json\n[1,2]\n{"a":{"b":{"c":1}}}'
s json lines-chunked 20 '{"id":1}\n{"id":2,"x":"\\u00e9"}\n  \n{"broken":\n'
s json deep 07 '[{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]'
s json truncated 07 '[{"id":"1","amount":'
s json unterminated-string 08 '[{"id":"1\n'
s json bad-escape 07 '[{"a":"\\ud800x","b":"\\q"}]'
s json numbers 07 '[{"a":-0,"b":0.0e0,"c":01,"d":1.,"e":-,"f":1e}]'
s json empty 07 ''
# XML
P03='<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-01-01T10:00:00</CreDtTm><NbOfTxs>2</NbOfTxs><CtrlSum>130.50</CtrlSum><InitgPty><Nm>ACME</Nm></InitgPty></GrpHdr><PmtInf><PmtInfId>P1</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>2</NbOfTxs><CtrlSum>130.50</CtrlSum><ReqdExctnDt>2026-01-02</ReqdExctnDt><Dbtr><Nm>ACME</Nm></Dbtr><DbtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BIC>BNPAFRPP</BIC></FinInstnId></DbtrAgt><CdtTrfTxInf><PmtId><EndToEndId>E1</EndToEndId></PmtId><Amt><InstdAmt Ccy="EUR">120.50</InstdAmt></Amt><Cdtr><Nm>Bob &amp; Co</Nm></Cdtr><CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct><RmtInf><Ustrd><![CDATA[rent <march>]]></Ustrd></RmtInf></CdtTrfTxInf><CdtTrfTxInf><PmtId><EndToEndId>E2</EndToEndId></PmtId><Amt><InstdAmt Ccy="EUR">10</InstdAmt></Amt><Cdtr><Nm>&#233;&#x20AC;</Nm></Cdtr></CdtTrfTxInf></PmtInf></CstmrCdtTrfInitn></Document>\n'
s xml pain001-03 07 "$P03"
s xml pain001-03-chunk1 00 "$P03"
s xml pain001-03-small 0a "$P03"
P09='<?xml version="1.0"?><p:Document xmlns:p="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><p:CstmrCdtTrfInitn><p:GrpHdr><p:MsgId>M</p:MsgId><p:NbOfTxs>1</p:NbOfTxs><p:CtrlSum>5</p:CtrlSum></p:GrpHdr><p:PmtInf><p:PmtInfId>A</p:PmtInfId><p:NbOfTxs>1</p:NbOfTxs><p:ReqdExctnDt><p:Dt>2026-01-02</p:Dt></p:ReqdExctnDt><p:CdtTrfTxInf><p:PmtId><p:EndToEndId>E</p:EndToEndId></p:PmtId><p:Amt><p:InstdAmt Ccy="USD">5.00</p:InstdAmt></p:Amt><p:CdtrAgt><p:FinInstnId><p:BICFI>DEUTDEFF</p:BICFI></p:FinInstnId></p:CdtrAgt></p:CdtTrfTxInf></p:PmtInf><p:PmtInf><p:PmtInfId>B</p:PmtInfId></p:PmtInf></p:CstmrCdtTrfInitn></p:Document>'
s xml pain001-09 07 "$P09"
s xml pain001-09-chunk3 02 "$P09"
s xml flat 07 '<?xml version="1.0" encoding="UTF-8"?>\n<!-- export -->\n<records>\n  <record id="1">\n    <amount>120.50</amount>\n    <bank_details><bank_name>BNP</bank_name><iban>FR76</iban></bank_details>\n    <note>a &lt; b &quot;q&quot; &apos;</note>\n  </record>\n  <record><amount/></record>\n  <?pi data?>\n</records>\n<!-- after -->\n'
s xml flat-small 0b '<records><record><a>1</a><b><c>2</c></b></record><record><a>\xc3\xa9</a></record></records>'
s xml doctype 07 '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><records><record><a>&x;</a></record></records>'
s xml entity 07 '<records><record><a>&nbsp;</a></record></records>'
s xml truncated 07 '<records><record><a>1</a>'
s xml mismatched 07 '<records><record><a>1</b></record></records>'
s xml deep 07 '<records><record><a><a><a><a><a><a><a><a><a><a><a><a>1</a></a></a></a></a></a></a></a></a></a></a></a></record></records>'
s xml attrs 0a "<records a=\"1\" b=\"2\" a=\"3\"><record x=\"&lt;\" y='z'><a>1</a></record></records>"
s xml unterminated-comment 07 '<records><!-- never closed <record><a>1</a></record></records>'
s xml count-mismatch 07 '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn><GrpHdr><MsgId>M</MsgId><NbOfTxs>3</NbOfTxs><CtrlSum>1e400</CtrlSum></GrpHdr><PmtInf><NbOfTxs>x</NbOfTxs><CdtTrfTxInf><Amt><InstdAmt Ccy="EUR">99999999999999999999999999.999999</InstdAmt></Amt></CdtTrfTxInf></PmtInf></CstmrCdtTrfInitn></Document>'
s xml empty 07 ''
# XLSX: the reader's test workbooks (Tests/IntakeTestSupport/Fixtures/XLSX), each under a few
# controls (07 defaults, one read; 0f shared strings spilled at once; 17 small limits; 27 read
# as a payments drop through the handler's cursor; 05 4 KiB reads)
for f in ../../Tests/IntakeTestSupport/Fixtures/XLSX/*.xls*; do
    n=$(basename "$f")
    for c in 07 0f 17 27; do { printf "\\x$c"; cat "$f"; } > "xlsx/${n%.*}-$c"; done
done
{ printf '\x25'; cat ../../Tests/IntakeTestSupport/Fixtures/XLSX/libreoffice-drop.xlsx; } > xlsx/libreoffice-drop-25
s xlsx empty 07 ''
s xlsx not-zip 07 'PK\x03\x04payment_id,amount\n'
# Layers: files made by the real gzip and zip (a CSV, a gzip of a gzip, a zip of one and of two
# documents, a stored and a deflated entry, a folder) under controls: 07 gzip stream, 01 gzip
# 2-byte reads, 47 gzip from memory, 27 zip, 37 zip with 64 KiB max_file_bytes, 2f zip with 1 MiB.
mkdir -p layers
work=$(mktemp -d)
printf 'payment_id,amount\nPAY-1,10.00\nPAY-2,20.00\n' > "$work/june.csv"
awk 'BEGIN { for (i = 0; i < 20000; i++) print "PAY-" i ",10.00,EUR,2026-06-01,Marie,FR7630006000011234567890189" }' > "$work/big.csv"
(cd "$work" && gzip -n -k june.csv && gzip -n -k big.csv && cp june.csv.gz twice && gzip -n twice \
    && zip -q one.zip june.csv && zip -q two.zip june.csv big.csv && zip -q -0 stored.zip june.csv \
    && mkdir folder && cp june.csv folder/ && zip -q -r folder.zip folder)
for c in 07 01 47; do
    for f in june.csv.gz big.csv.gz twice.gz; do { printf "\\x$c"; cat "$work/$f"; } > "layers/$f-$c"; done
done
for c in 27 37 2f; do
    for f in one.zip two.zip stored.zip folder.zip; do { printf "\\x$c"; cat "$work/$f"; } > "layers/$f-$c"; done
done
rm -rf "$work"
s layers not-gzip 07 'payment_id,amount\n'
s layers gzip-header-only 07 '\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03'
s layers empty-zip 27 'PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
