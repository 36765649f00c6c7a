module debugproxy.local/httpbench

go 1.19
