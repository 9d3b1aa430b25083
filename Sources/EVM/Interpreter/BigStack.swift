#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs nested frames on a fresh thread with a large native stack.
///
/// Nested calls recurse on the native stack (interpreter → call → interpreter). A debug build
/// needs about 15 KB per level (measured), and Swift concurrency threads may have 512 KB stacks,
/// so every `hopInterval` levels the next frame runs on its own thread (joined synchronously; the
/// EVM stays single-threaded in effect). The caller's thread holds at most 16 levels (~240 KB in
/// debug); depth 1024 costs 64 thread hops, each thread holding 16 levels.
enum BigStack {
    /// Call depths at which the frame moves to a new thread.
    static let hopInterval = 16
    /// Native stack of each hop thread, in bytes (virtual; only touched pages are committed).
    static let stackSize = 16 << 20

    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread with a `stackSize` stack and waits for it. Falls back to the
    /// current thread if no thread can be created.
    static func run<T>(_ body: () -> T) -> T {
        return withoutActuallyEscaping(body) { escapable in
            var result: T? = nil
            let job = Job { result = escapable() }
            var attr = pthread_attr_t()
            pthread_attr_init(&attr)
            defer { pthread_attr_destroy(&attr) }
            pthread_attr_setstacksize(&attr, stackSize)
            let arg = Unmanaged.passRetained(job).toOpaque()
            #if canImport(Glibc)
            var thread = pthread_t()
            let rc = pthread_create(&thread, &attr, { raw in
                let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
                job.body()
                return nil
            }, arg)
            #else
            var thread: pthread_t? = nil
            let rc = pthread_create(&thread, &attr, { raw in
                let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
                job.body()
                return nil
            }, arg)
            #endif
            if rc != 0 {
                Unmanaged<Job>.fromOpaque(arg).release()
                return escapable()
            }
            #if canImport(Glibc)
            pthread_join(thread, nil)
            #else
            pthread_join(thread!, nil)
            #endif
            return result!
        }
    }
}
