// Readiness watcher: a libuv uv_poll_t on a socket fd, calling back into JS when it is readable/writable.
//
// libuv stops a poll handle when epoll reports EPOLLERR (uv__poll_io, status UV_EBADF). A netlink socket
// reports EPOLLERR when its receive queue overflowed (sk_err = ENOBUFS); a TCP socket when connect() failed.
// So on status < 0 we read SO_ERROR (which also clears it) to report the real errno, call JS, and restart
// the poll unless JS stopped or closed the watcher in its callback.
//
// Lifetime: while started, the JS object is strongly referenced (it cannot be collected mid-watch); a
// stopped or closed watcher does not keep the event loop alive; `unref()` makes a started one not do so.
#include <uv.h>

#include "common.h"

namespace noverlay {

class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Poller",
                       {InstanceMethod<&Poller::Start>("start"), InstanceMethod<&Poller::Stop>("stop"),
                        InstanceMethod<&Poller::Close>("close"), InstanceMethod<&Poller::RefLoop>("ref"),
                        InstanceMethod<&Poller::UnrefLoop>("unref")});
  }

  // new Poller(fd, callback(status, events))
  explicit Poller(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<Poller>(info), async_(info.Env(), "NoverlayPoll") {
    int64_t fd;
    if (!ArgInt(info, 0, &fd)) return;
    if (info.Length() < 2 || !info[1].IsFunction()) {
      Napi::TypeError::New(info.Env(), "expected a callback").ThrowAsJavaScriptException();
      return;
    }
    fd_ = static_cast<int>(fd);
    callback_ = Napi::Persistent(info[1].As<Napi::Function>());
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(info.Env(), &loop) != napi_ok) {
      initErr_ = UV_EINVAL;
      return;
    }
    handle_ = new uv_poll_t;
    initErr_ = uv_poll_init_socket(loop, handle_, fd_);
    if (initErr_ != 0) {
      delete handle_;
      handle_ = nullptr;
      return;
    }
    handle_->data = this;
  }

  ~Poller() override { CloseHandle(); }

 private:
  static void OnClosed(uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); }

  void CloseHandle() {
    if (handle_ == nullptr) return;
    uv_poll_stop(handle_);
    handle_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(handle_), OnClosed);
    handle_ = nullptr;
  }

  void SetWanted(bool on) {
    if (on && !wanted_) Ref();
    if (!on && wanted_) Unref();
    wanted_ = on;
  }

  // start(events: 1 readable | 2 writable | 4 disconnect) -> 0 or a negative libuv error
  Napi::Value Start(const Napi::CallbackInfo& info) {
    int64_t events;
    if (!ArgInt(info, 0, &events)) return info.Env().Null();
    if (handle_ == nullptr) return Num(info.Env(), initErr_ != 0 ? initErr_ : UV_EBADF);
    events_ = static_cast<int>(events);
    int r = uv_poll_start(handle_, events_, OnPoll);
    if (r == 0) SetWanted(true);
    return Num(info.Env(), r);
  }

  Napi::Value Stop(const Napi::CallbackInfo& info) {
    if (handle_ != nullptr) uv_poll_stop(handle_);
    SetWanted(false);
    return info.Env().Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    CloseHandle();
    SetWanted(false);
    return info.Env().Undefined();
  }

  Napi::Value RefLoop(const Napi::CallbackInfo& info) {
    if (handle_ != nullptr) uv_ref(reinterpret_cast<uv_handle_t*>(handle_));
    return info.Env().Undefined();
  }

  Napi::Value UnrefLoop(const Napi::CallbackInfo& info) {
    if (handle_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(handle_));
    return info.Env().Undefined();
  }

  static void OnPoll(uv_poll_t* h, int status, int events) {
    auto* self = static_cast<Poller*>(h->data);
    if (self == nullptr) return;
    if (status < 0) {
      int soerr = 0;
      socklen_t len = sizeof soerr;
      if (getsockopt(self->fd_, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr != 0) status = -soerr;
    }
    self->Report(status, events);
    // JS may have stopped or closed us (handle_ cleared) during the callback; otherwise re-arm after an error.
    if (status < 0 && self->wanted_ && self->handle_ == h) uv_poll_start(h, self->events_, OnPoll);
  }

  void Report(int status, int events) {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    callback_.MakeCallback(Value(), {Num(env, status), Num(env, events)}, async_);
    if (env.IsExceptionPending()) {
      // A throwing callback is a bug in JS: surface it as an uncaught exception, as Node does for I/O callbacks.
      Napi::Error e = env.GetAndClearPendingException();
      napi_fatal_exception(env, e.Value());
    }
  }

  uv_poll_t* handle_ = nullptr;
  Napi::FunctionReference callback_;
  Napi::AsyncContext async_;
  int fd_ = -1;
  int events_ = 0;
  int initErr_ = 0;
  bool wanted_ = false;
};

void InitPoller(Napi::Env env, Napi::Object exports) { exports.Set("Poller", Poller::Define(env)); }

}  // namespace noverlay
