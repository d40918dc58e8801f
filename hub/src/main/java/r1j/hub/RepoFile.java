package r1j.hub;

import java.util.Optional;

/**
 * One file of a repository at a commit, as the hub's tree lists it.
 *
 * @param blobId the name of its blob in the cache: the LFS sha256 for LFS files, the git blob id otherwise
 *               (what huggingface_hub names blobs after: the file's ETag)
 * @param sha256 the LFS sha256, checked after download; empty for small git files (checked by their git blob id)
 */
public record RepoFile(String path, long size, String blobId, Optional<String> sha256) {
    public boolean isLfs() {
        return sha256.isPresent();
    }
}
