// noverlay_native: the small N-API addon under the netlink, OSPF/BFD and BGP transports (native/README.md).
// Module init and the platform constants the TypeScript side passes back (so TS never guesses ABI values).
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <uv.h>

#include "common.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif
#ifndef TCP_MD5SIG_EXT
#define TCP_MD5SIG_EXT 32
#endif

namespace noverlay {

void InitConstants(Napi::Env env, Napi::Object exports) {
  Napi::Object c = Napi::Object::New(env);
#define K(name) c.Set(#name, Napi::Number::New(env, name))
  K(AF_UNSPEC);
  K(AF_INET);
  K(AF_INET6);
  K(AF_NETLINK);
  K(SOCK_STREAM);
  K(SOCK_DGRAM);
  K(SOCK_RAW);
  K(IPPROTO_IP);
  K(IPPROTO_IPV6);
  K(IPPROTO_TCP);
  K(IPPROTO_UDP);
  K(SOL_SOCKET);
  K(SOL_NETLINK);
  K(SO_ERROR);
  K(SO_REUSEADDR);
  K(SO_REUSEPORT);
  K(SO_RCVBUF);
  K(SO_SNDBUF);
  K(SO_RCVBUFFORCE);
  K(SO_SNDBUFFORCE);
  K(SO_BINDTODEVICE);
  K(SO_DOMAIN);
  K(SO_TYPE);
  K(SO_PROTOCOL);
  K(SO_KEEPALIVE);
  K(SO_PRIORITY);
  K(IP_TOS);
  K(IP_TTL);
  K(IP_MINTTL);
  K(IP_PKTINFO);
  K(IP_RECVTTL);
  K(IP_RECVTOS);
  K(IP_HDRINCL);
  K(IP_MULTICAST_IF);
  K(IP_MULTICAST_TTL);
  K(IP_MULTICAST_LOOP);
  K(IP_ADD_MEMBERSHIP);
  K(IP_DROP_MEMBERSHIP);
  K(IPV6_V6ONLY);
  K(IPV6_UNICAST_HOPS);
  K(IPV6_MINHOPCOUNT);
  K(IPV6_RECVPKTINFO);
  K(IPV6_PKTINFO);
  K(IPV6_RECVHOPLIMIT);
  K(IPV6_HOPLIMIT);
  K(IPV6_TCLASS);
  K(IPV6_RECVTCLASS);
  K(IPV6_MULTICAST_IF);
  K(IPV6_MULTICAST_HOPS);
  K(IPV6_MULTICAST_LOOP);
  K(IPV6_JOIN_GROUP);
  K(IPV6_LEAVE_GROUP);
  K(TCP_NODELAY);
  K(TCP_MD5SIG);
  K(TCP_MD5SIG_EXT);
  K(TCP_MD5SIG_MAXKEYLEN);
  K(NETLINK_ROUTE);
  K(NETLINK_ADD_MEMBERSHIP);
  K(NETLINK_DROP_MEMBERSHIP);
  K(NETLINK_NO_ENOBUFS);
  K(NETLINK_CAP_ACK);
  K(NETLINK_EXT_ACK);
  K(NETLINK_GET_STRICT_CHK);
  K(MSG_DONTWAIT);
  K(MSG_PEEK);
  K(MSG_TRUNC);
  K(MSG_CTRUNC);
  c.Set("POLL_READABLE", Napi::Number::New(env, UV_READABLE));
  c.Set("POLL_WRITABLE", Napi::Number::New(env, UV_WRITABLE));
  c.Set("POLL_DISCONNECT", Napi::Number::New(env, UV_DISCONNECT));
#undef K
  exports.Set("constants", c);
}

}  // namespace noverlay

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  noverlay::InitConstants(env, exports);
  noverlay::InitSockets(env, exports);
  noverlay::InitPoller(env, exports);
  return exports;
}

NODE_API_MODULE(noverlay_native, InitAddon)
