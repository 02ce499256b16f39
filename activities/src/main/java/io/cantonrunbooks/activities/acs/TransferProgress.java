package io.cantonrunbooks.activities.acs;

/**
 * A callback told how many bytes of a snapshot have been transferred so far.
 *
 * <p>Activities use it to heartbeat. It is called on the transferring thread after every chunk;
 * throwing from it (for example because the activity was cancelled) aborts the transfer, which
 * then cancels the call rather than completing it.
 */
@FunctionalInterface
public interface TransferProgress {

  TransferProgress NONE = bytesDone -> {};

  void bytesDone(long bytesDone);
}
