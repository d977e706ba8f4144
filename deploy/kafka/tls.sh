#!/usr/bin/env bash
# Makes the local CA and the broker's certificate for KAFKA_TLS=true (once; kept in <data dir>/tls):
#   ca.pem                 the CA certificate clients trust (KAFKA_TLS_CA_FILE of the services)
#   broker.keystore.pem    the broker's unencrypted PKCS#8 key and certificate (mode 600)
# The certificate names 127.0.0.1 and localhost. A production broker gets its certificate from the
# organisation's PKI (PKIoverheid for outside parties), not from this script.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ -s "$KAFKA_TLS_DIR/ca.pem" && -s "$KAFKA_TLS_DIR/broker.keystore.pem" ]]; then exit 0; fi
command -v openssl >/dev/null || { kafka_err "KAFKA_TLS=true needs openssl (apt-get install openssl)"; exit 1; }
mkdir -p "$KAFKA_TLS_DIR"; chmod 700 "$KAFKA_TLS_DIR"
cd "$KAFKA_TLS_DIR"
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=one-login Inkijk local CA" -keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$KAFKA_HOST" -keyout broker.key -out broker.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >broker.ext
openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 -extfile broker.ext -out broker.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in broker.key -out broker.pk8
cat broker.pk8 broker.pem >broker.keystore.pem
rm -f broker.csr broker.ext broker.key broker.pk8 ca.srl
chmod 644 ca.pem
kafka_log "made a local CA and the broker's certificate in $KAFKA_TLS_DIR"
