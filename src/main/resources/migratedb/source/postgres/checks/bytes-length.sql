-- Binary values longer than the target VARBINARY(n)/BINARY(n); parameter: n.
octet_length({column}) > ?
octet_length({column}) || ' bytes'
