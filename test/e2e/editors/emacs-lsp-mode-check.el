;;; emacs-lsp-mode-check.el --- the editors stage's check in Emacs with lsp-mode, batch mode -*- lexical-binding: t -*-
;; Loaded after the README's configuration: it opens the document (the README's hook starts lsp-mode), waits
;; for the server's diagnostics in lsp-mode's own store, asks for the hover of the live link through
;; lsp-mode's connection, and writes what it saw to $EDITOR_CHECK_OUT as JSON. The project-root question
;; lsp-mode asks a user the first time is answered here by letting it take the project's root (.git).
(require 'json)
(let* ((out (getenv "EDITOR_CHECK_OUT"))
       (live-id (getenv "EDITOR_CHECK_LIVE_ID"))
       (file (getenv "EDITOR_CHECK_FILE"))
       (timeout (/ (string-to-number (or (getenv "EDITOR_CHECK_TIMEOUT_MS") "60000")) 1000.0))
       (deadline (+ (float-time) timeout))
       (errors nil)
       (result nil))
  (setq lsp-auto-guess-root t
        lsp-enable-file-watchers nil)
  (condition-case err
      (progn
        (find-file file)
        (push (cons 'mode (symbol-name major-mode)) result)
        ;; lsp-deferred starts the server once Emacs is idle, which batch mode never is: the check runs the
        ;; idle timers once, as the command loop would after the file opens.
        (run-hooks 'post-command-hook)
        (dolist (timer (copy-sequence timer-idle-list))
          (timer-event-handler timer))
        (while (and (not (lsp-workspaces)) (< (float-time) deadline))
          (accept-process-output nil 0.2))
        (push (cons 'server (mapconcat (lambda (w) (symbol-name (lsp--client-server-id (lsp--workspace-client w))))
                                       (lsp-workspaces) ","))
              result)
        (while (and (null (gethash file (lsp-diagnostics t))) (< (float-time) deadline))
          (accept-process-output nil 0.2))
        (push (cons 'diagnostics
                    (vconcat (mapcar (lambda (d)
                                       (list (cons 'line (lsp:position-line (lsp:range-start (lsp:diagnostic-range d))))
                                             (cons 'message (lsp:diagnostic-message d))))
                                     (gethash file (lsp-diagnostics t)))))
              result)
        (goto-char (point-min))
        (search-forward live-id)
        (backward-char 2)
        (let* ((hover (lsp-request "textDocument/hover" (lsp--text-document-position-params)))
               (contents (and hover (lsp:hover-contents hover))))
          (push (cons 'hover (cond ((stringp contents) contents)
                                   (contents (lsp:markup-content-value contents))))
                result)))
    (error (push (format "%S" err) errors)))
  (with-temp-file out
    (insert (json-encode (cons (cons 'errors (vconcat errors)) result))))
  (kill-emacs 0))
