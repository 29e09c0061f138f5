#!/bin/bash
# How the OSPF codec vectors (vectors-frr.ts, vectors-bird.ts, lsa-vectors.ts) were captured. Not run by the
# tests. As root, with FRR 8.4, BIRD 2 and tshark installed: OUT=/tmp/ospfcap bash capture.sh
#
# Namespaces ospfcap-a..f. FRR: a (1.1.1.1, ABR and ASBR) has a keyed MD5 broadcast link to b (2.2.2.2) in
# area 0, a simple-password broadcast link to c (3.3.3.3, ASBR) in area 1, and an unauthenticated
# point-to-point link to d (4.4.4.4, originates a default). a also originates router-information (type 10), c
# an AS-scope one (type 11), and a's 'graceful-restart prepare' floods Grace-LSAs (type 9) at the end.
# BIRD: e (5.5.5.5) and f (6.6.6.6) share four links, HMAC-SHA-1/256/384/512 (RFC 5709), key IDs 1..4.
# tshark writes frr.pcapng (on a's three links) and bird.pcapng (on e's four links); the vectors are the
# OSPF packets of those files after `tshark -r X.pcapng -Y ospf -F pcap -w X.pcap` (frame numbers refer to
# the .pcap files). Everything started here is stopped and the namespaces deleted on exit.
set -u
OUT=${OUT:-/tmp/ospfcap/out}
DUR=${DUR:-45}
mkdir -p "$OUT"
P=ospfcap
NS="a b c d e f"
cleanup() {
  for n in $NS; do
    for pid in $(ip netns pids $P-$n 2>/dev/null); do kill "$pid" 2>/dev/null; done
  done
  sleep 1
  for n in $NS; do
    for pid in $(ip netns pids $P-$n 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del $P-$n 2>/dev/null
    rmdir /var/run/frr/$P-$n 2>/dev/null
  done
  # 'graceful-restart prepare' leaves the restart state here; another ospfd would start in GR mode.
  rm -f /var/run/frr/ospfd-gr.json
}
trap cleanup EXIT
cleanup
for n in $NS; do ip netns add $P-$n; ip -n $P-$n link set lo up; done
pair() { # nsX ifX nsY ifY
  ip link add $2 netns $P-$1 type veth peer name $4 netns $P-$3
  ip -n $P-$1 link set $2 up; ip -n $P-$3 link set $4 up
}
pair a a0 b b0; pair a a1 c c1; pair a a2 d d0
ip -n $P-a addr add 10.0.1.1/24 dev a0; ip -n $P-b addr add 10.0.1.2/24 dev b0
ip -n $P-a addr add 10.0.2.1/24 dev a1; ip -n $P-c addr add 10.0.2.2/24 dev c1
ip -n $P-a addr add 10.0.3.1/30 dev a2; ip -n $P-d addr add 10.0.3.2/30 dev d0
ip -n $P-a link add dum0 type veth peer name dum1; ip -n $P-a link set dum0 up; ip -n $P-a link set dum1 up; ip -n $P-a addr add 192.168.100.1/24 dev dum0
for i in 1 2 3 4; do pair e e$i f f$i; ip -n $P-e addr add 10.1.$i.1/24 dev e$i; ip -n $P-f addr add 10.1.$i.2/24 dev f$i; done

frr() { # ns rid conf
  local d=$OUT/frr-$1; mkdir -p $d; chown frr:frr $d; printf '%s\n' "$2" > $d/frr.conf; chown frr:frr $d/frr.conf
  for dm in zebra staticd ospfd; do
    ip netns exec $P-$1 /usr/lib/frr/$dm -d -N $P-$1 -f $d/frr.conf -i $d/$dm.pid -z $d/zserv.api --vty_socket $d
  done
}
IFT='ip ospf hello-interval 2
 ip ospf dead-interval 8'
frr a "hostname a
ip route 198.51.100.0/24 10.0.3.2
ip route 203.0.113.0/24 blackhole
route-map T permit 10
 set tag 77
 set metric-type type-1
 set metric 30
interface a0
 ip ospf area 0
 ip ospf authentication message-digest
 ip ospf message-digest-key 7 md5 md5-secret
 $IFT
interface a1
 ip ospf area 1
 ip ospf authentication
 ip ospf authentication-key s3cret
 $IFT
interface a2
 ip ospf area 0
 ip ospf network point-to-point
 $IFT
interface dum0
 ip ospf area 0
 ip ospf passive
router ospf
 ospf router-id 1.1.1.1
 capability opaque
 router-info area
 graceful-restart grace-period 120
 redistribute static route-map T
 area 1 range 10.0.2.0/24
"
frr b "hostname b
interface b0
 ip ospf area 0
 ip ospf authentication message-digest
 ip ospf message-digest-key 7 md5 md5-secret
 $IFT
router ospf
 ospf router-id 2.2.2.2
 capability opaque
"
frr c "hostname c
ip route 192.0.2.0/24 blackhole
interface c1
 ip ospf area 1
 ip ospf authentication
 ip ospf authentication-key s3cret
 $IFT
router ospf
 ospf router-id 3.3.3.3
 capability opaque
 router-info as
 redistribute static
"
frr d "hostname d
interface d0
 ip ospf area 0
 ip ospf network point-to-point
 $IFT
router ospf
 ospf router-id 4.4.4.4
 default-information originate always metric 5
"
bird_conf() { # rid
cat <<B
router id $1;
protocol device {}
protocol ospf v2 o {
  ipv4 { import none; export none; };
  area 0 {
    interface "?1" { hello 2; dead 8; authentication cryptographic; password "sha1-key" { id 1; algorithm hmac sha1; }; };
    interface "?2" { hello 2; dead 8; authentication cryptographic; password "sha256-key" { id 2; algorithm hmac sha256; }; };
    interface "?3" { hello 2; dead 8; authentication cryptographic; password "sha384-key" { id 3; algorithm hmac sha384; }; };
    interface "?4" { hello 2; dead 8; authentication cryptographic; password "sha512-key" { id 4; algorithm hmac sha512; }; };
  };
}
B
}
for n in e f; do
  mkdir -p $OUT/bird-$n
  bird_conf $([ $n = e ] && echo 5.5.5.5 || echo 6.6.6.6) > $OUT/bird-$n/bird.conf
done
ip netns exec $P-a tshark -q -i a0 -i a1 -i a2 -f 'ip proto 89' -w $OUT/frr.pcapng >/dev/null 2>&1 &
ip netns exec $P-e tshark -q -i e1 -i e2 -i e3 -i e4 -f 'ip proto 89' -w $OUT/bird.pcapng >/dev/null 2>&1 &
sleep 2
for n in e f; do ip netns exec $P-$n bird -c $OUT/bird-$n/bird.conf -s $OUT/bird-$n/sock -P $OUT/bird-$n/pid; done
sleep $DUR
vtysh --vty_socket $OUT/frr-a -c 'show ip ospf neighbor' -c 'show ip ospf database' > $OUT/frr-a.txt 2>&1
# Grace-LSAs (type 9, RFC 3623) from a, just before the captures stop.
vtysh --vty_socket $OUT/frr-a -c 'graceful-restart prepare ip ospf' >> $OUT/frr-a.txt 2>&1
birdc -s $OUT/bird-e/sock show ospf neighbors > $OUT/bird-e.txt 2>&1
vtysh --vty_socket $OUT/frr-a -c 'show ip route' -c 'show running-config' -c 'show ip ospf database external self-originate' -c 'show ip ospf database summary' > $OUT/frr-a2.txt 2>&1
sleep 3
for n in a e; do for pid in $(ip netns pids $P-$n); do [ "$(cat /proc/$pid/comm)" = dumpcap ] && kill -INT $pid; done; done
sleep 2
