"""gunicorn's settings for the portal (`gunicorn -c gunicorn.conf.py … wsgi:app`): a request log on stdout with the
secrets of every URL masked by portal/access_log.py."""

accesslog = "-"
# Time, method, path and query, status, bytes sent, duration: nothing the visitor's headers or body carry.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


def post_worker_init(worker):
    """Each worker masks its access and error log against the routes of the app it has loaded."""
    from portal import access_log  # here, in the worker: the master loads no part of the portal

    access_log.attach(getattr(worker.wsgi, "url_map", None), *access_log.LOGGERS)
