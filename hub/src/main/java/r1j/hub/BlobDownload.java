package r1j.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches one file into its blob: the bytes go to {@code blobs/<id>.incomplete}, a cut connection or an earlier
 * interrupted run resumes from the bytes already there with an HTTP Range, and only a file whose size and checksum
 * match the hub's tree (sha256 for LFS files, the git blob id otherwise) is moved to {@code blobs/<id>}. A mismatch
 * deletes the partial file: the cache never holds half or wrong content. A stall longer than the read timeout
 * counts as a cut connection. A per-blob file lock keeps two r1j processes from writing the same blob.
 */
final class BlobDownload {
    static final int ATTEMPTS = 4;
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

    private final HubApi api;
    private final HubCache cache;
    private final long readTimeoutNanos;

    BlobDownload(HubApi api, HubCache cache, HubSettings settings) {
        this.api = api;
        this.cache = cache;
        this.readTimeoutNanos = settings.readTimeout().toNanos();
    }

    /** Bytes of {@code file} already in its {@code .incomplete} blob (what a resume starts from). */
    long partialBytes(String repo, RepoFile file) throws IOException {
        Path part = cache.incomplete(repo, file.blobId());
        return Files.isRegularFile(part) ? Math.min(Files.size(part), file.size()) : 0;
    }

    void fetch(String repo, String commit, RepoFile file, DownloadProgress progress) throws IOException {
        Path blob = cache.blob(repo, file.blobId());
        Path part = cache.incomplete(repo, file.blobId());
        Path lockFile = cache.lockFile(repo, file.blobId());
        Files.createDirectories(blob.getParent());
        Files.createDirectories(lockFile.getParent());
        // A file lock keeps other processes out; it is held per JVM, so threads of this one queue on a lock of their own.
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath(), p -> new ReentrantLock());
        inProcess.lock();
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            if (Files.isRegularFile(blob)) return;                  // another process finished it meanwhile
            if (Files.isRegularFile(part) && Files.size(part) > file.size()) Files.delete(part);
            Credit credit = new Credit(progress, Files.isRegularFile(part) ? Files.size(part) : 0);
            URI url = api.resolveUrl(repo, commit, file.path());
            IOException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
                    if (have < file.size() || !Files.exists(part)) download(url, repo, file, part, have, credit);
                    last = null;
                    break;
                } catch (HubException e) {
                    throw e;
                } catch (IOException e) {
                    last = e;
                    pause(attempt);
                }
            }
            if (last != null) {
                throw new HubException("downloading " + file.path() + " of " + repo + " failed after " + ATTEMPTS
                        + " attempts (" + describe(last) + "); run the command again to resume from "
                        + DownloadProgress.bytes(Files.isRegularFile(part) ? Files.size(part) : 0), last);
            }
            verify(repo, file, part);
            Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            inProcess.unlock();
        }
    }

    private void download(URI url, String repo, RepoFile file, Path part, long have, Credit credit) throws IOException {
        AtomicLong lastActivity = new AtomicLong(System.nanoTime());
        AtomicReference<ToFile> writer = new AtomicReference<>();
        Optional<String> range = have > 0 ? Optional.of("bytes=" + have + "-") : Optional.empty();
        HttpResponse.BodyHandler<Long> toFile = info -> {
            try {
                writer.set(new ToFile(openFor(info, part, have), credit, lastActivity));
                return writer.get();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        HttpResponse.BodyHandler<Long> discard = info -> HttpResponse.BodySubscribers.replacing(-1L);
        CompletableFuture<HttpResponse<Long>> f = api.start(url, range, toFile, discard);
        HttpResponse<Long> r;
        while (true) {
            try {
                r = f.get(50, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                if (System.nanoTime() - lastActivity.get() > readTimeoutNanos) {
                    stop(f, writer.get());
                    throw new HttpTimeoutException("no data for " + readTimeoutNanos / 1_000_000_000 + " s");
                }
            } catch (InterruptedException e) {
                stop(f, writer.get());
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) throw u.getCause();
                throw HubApi.unwrap(e);
            }
        }
        if (r.statusCode() == 416) {                  // our Range starts past the end: start over
            Files.deleteIfExists(part);
            throw new IOException("the server refused to resume (HTTP 416)");
        }
        if (r.statusCode() >= 500 || r.statusCode() == 429) {      // the hub or CDN is busy: worth another attempt
            throw new IOException("HTTP " + r.statusCode() + " from " + r.uri().getHost());
        }
        if (r.statusCode() / 100 != 2) {
            throw api.statusError(r.statusCode(), r.headers(), repo, "file " + file.path(), "");
        }
    }

    /** Ends an exchange for good: no late bytes may reach the partial file once the next attempt owns it. */
    private static void stop(CompletableFuture<?> exchange, ToFile writer) {
        exchange.cancel(true);
        if (writer != null) writer.abort();
    }

    /** The channel to write the body to: appended after a 206 that starts where we are, truncated after a 200. */
    private static FileChannel openFor(HttpResponse.ResponseInfo info, Path part, long have) throws IOException {
        boolean resume = false;
        if (info.statusCode() == 206) {
            String contentRange = info.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(contentRange);
            if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                throw new IOException("the server sent a different range than asked: '" + contentRange + "'");
            }
            resume = true;
        }
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (resume) {
            ch.position(ch.size());
        } else {
            ch.truncate(0);
        }
        return ch;
    }

    /** Size and checksum against the tree; a mismatch deletes the partial file. */
    private static void verify(String repo, RepoFile file, Path part) throws IOException {
        long size = Files.size(part);
        String actual = size == file.size() ? checksum(file, part) : null;
        String expected = file.sha256().orElse(file.blobId());
        if (size != file.size() || !expected.equals(actual)) {
            Files.deleteIfExists(part);
            throw new HubException(size != file.size()
                    ? file.path() + " of " + repo + " has " + size + " bytes, the hub lists " + file.size()
                      + "; the partial download was removed, run the command again"
                    : (file.isLfs() ? "sha256" : "git blob id") + " mismatch for " + file.path() + " of " + repo
                      + ": expected " + expected + ", got " + actual + "; the download was removed, run the command again");
        }
    }

    /** sha256 of the contents for LFS files; the git blob id (sha1 of "blob SIZE\0" + contents) otherwise. */
    static String checksum(RepoFile file, Path path) throws IOException {
        MessageDigest md = digest(file.isLfs() ? "SHA-256" : "SHA-1");
        if (!file.isLfs()) md.update(("blob " + file.size() + "\0").getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(Math.min(4000, 250L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    /** Credits the progress bar with a file's bytes only beyond the furthest point it reached. */
    private static final class Credit {
        private final DownloadProgress progress;
        private long highWater;

        Credit(DownloadProgress progress, long resumed) {
            this.progress = progress;
            this.highWater = resumed;
            progress.resumed(resumed);
        }

        synchronized void at(long position) {
            if (position > highWater) {
                progress.advance(position - highWater);
                highWater = position;
            }
        }
    }

    /** Writes the body to the partial file as it arrives, noting each arrival for the stall watchdog. */
    private static final class ToFile implements HttpResponse.BodySubscriber<Long> {
        private final FileChannel out;
        private final Credit credit;
        private final AtomicLong lastActivity;
        private final CompletableFuture<Long> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private boolean stopped;

        ToFile(FileChannel out, Credit credit, AtomicLong lastActivity) {
            this.out = out;
            this.credit = credit;
            this.lastActivity = lastActivity;
            result.whenComplete((n, e) -> close());
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> buffers) {
            if (stopped) return;
            try {
                for (ByteBuffer b : buffers) {
                    while (b.hasRemaining()) out.write(b);
                }
                lastActivity.set(System.nanoTime());
                credit.at(out.position());
                subscription.request(1);
            } catch (IOException e) {
                subscription.cancel();
                result.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            try {
                result.complete(out.position());
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public CompletionStage<Long> getBody() {
            return result;
        }

        synchronized void abort() {
            stopped = true;
            if (subscription != null) subscription.cancel();
            result.completeExceptionally(new IOException("stopped"));
        }

        private void close() {
            try {
                out.close();
            } catch (IOException ignored) {
                // The size and checksum check afterwards catches anything a failed close lost.
            }
        }
    }
}
