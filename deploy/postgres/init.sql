-- One database per service: no service reads another's tables.
CREATE DATABASE inkijk_registration;
CREATE DATABASE inkijk_authorization;
CREATE DATABASE inkijk_query_proxy;
CREATE DATABASE inkijk_audit_log;
CREATE DATABASE inkijk_supplier_reporting;
