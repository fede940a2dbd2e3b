"""Mail: messages written in the transaction of the change they announce (service.enqueue),
delivered by a worker over SMTP or as .eml files (delivery.py, worker.py); knows no domain."""
