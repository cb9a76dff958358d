-- PostgreSQL's time accepts 24:00:00; SQL Server's TIME ends at 23:59:59.9999999.
{column} = '24:00:00'
{column}::text
