#!/bin/sh
# SPDX-License-Identifier: MIT
# Makes the test PKI at test time (nothing secret is ever committed):
#   ca.pem/ca.key            the test CA
#   server.pem/server.key    signed by the CA; SAN IP:127.0.0.1, DNS:localhost
#   other-ca.pem/.key        an unrelated CA, for wrong-CA tests
#   other-server.pem/.key    signed by other-ca (not by the CA); SAN as server,
#                            for CA-pinning tests (a server the CA must reject)
#   wronghost.pem/.key       signed by the CA; SAN DNS:wrong.example only
#   expired.pem/.key         signed by the CA, SAN as server; expired in 2020
# usage: make-test-pki.sh OUTDIR
set -eu
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
command -v openssl >/dev/null 2>&1 || {
  echo "missing prerequisite: the openssl command (Debian package openssl)" >&2; exit 1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)   # absolute: the work below happens elsewhere
work=$(mktemp -d "${TMPDIR:-/tmp}/test-pki.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"

# EC P-256 keys: quick to make and quick to handshake with in benchmarks.
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

ca_ext="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash"
printf '%s\n' "$ca_ext" > ca.ext

make_ca() {  # name CN
  key "$1.key"
  openssl req -new -x509 -key "$1.key" -out "$1.pem" -days 3650 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

leaf_ext() {  # SAN
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\nauthorityKeyIdentifier=keyid\n' "$1"
}

make_leaf() {  # name CN SAN [signing CA, default ca]
  signer=${4:-ca}
  key "$1.key"
  openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$2" 2>/dev/null
  leaf_ext "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$signer.pem" -CAkey "$signer.key" -CAcreateserial \
    -out "$1.pem" -days 825 -extfile "$1.ext" 2>/dev/null
}

make_ca ca "panelsso test CA"
make_ca other-ca "unrelated test CA"
make_leaf server 127.0.0.1 "IP:127.0.0.1,DNS:localhost"
make_leaf wronghost wrong.example "DNS:wrong.example"
make_leaf other-server 127.0.0.1 "IP:127.0.0.1,DNS:localhost" other-ca

# Expired: `openssl ca` is the one OpenSSL 3.0 tool that takes explicit
# validity dates, so sign through a throw-away CA database.
key expired.key
openssl req -new -key expired.key -out expired.csr -subj "/CN=127.0.0.1" 2>/dev/null
leaf_ext "IP:127.0.0.1,DNS:localhost" > expired.ext
mkdir -p db && : > db/index.txt && echo 01 > db/serial
cat > ca.cnf <<CNF
[ca]
default_ca = test
[test]
dir = $work/db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
CNF
openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr \
  -out expired.pem -startdate 20200101000000Z -enddate 20200201000000Z \
  -extfile expired.ext -notext 2>/dev/null

# Self-checks, so a broken PKI fails here and not as a puzzle later.
openssl verify -CAfile ca.pem server.pem >/dev/null
openssl verify -CAfile ca.pem wronghost.pem >/dev/null
openssl verify -CAfile other-ca.pem other-server.pem >/dev/null
if openssl verify -CAfile ca.pem other-server.pem >/dev/null 2>&1; then
  echo "make-test-pki: other-server.pem verifies against ca.pem" >&2; exit 1; fi
if openssl verify -CAfile other-ca.pem server.pem >/dev/null 2>&1; then
  echo "make-test-pki: server.pem verifies against other-ca.pem" >&2; exit 1; fi
if openssl x509 -in expired.pem -noout -checkend 0 >/dev/null 2>&1; then
  echo "make-test-pki: expired.pem is not expired" >&2; exit 1; fi
openssl verify -CAfile ca.pem -no_check_time expired.pem >/dev/null

chmod 600 ./*.key
for f in ca.pem ca.key server.pem server.key other-ca.pem other-ca.key \
         other-server.pem other-server.key wronghost.pem wronghost.key \
         expired.pem expired.key; do
  cp "$f" "$out/$f.tmp.$$" && mv -f "$out/$f.tmp.$$" "$out/$f"
done
echo "test PKI written to $out: ca, server, other-ca, other-server, wronghost, expired"
echo "1 passed, 0 failed"
